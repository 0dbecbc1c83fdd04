// Search as you type for fields marked data-picker: as the person types a name, the matching records fill a list of
// suggestions whose value is what the field takes (an employee number). Without this script the field takes the typed
// value as before; with it, nothing is sent that the plain field would not send.
"use strict";
document.querySelectorAll("input[data-picker]").forEach((input) => {
    const list = document.createElement("datalist");
    list.id = input.id + "-choices";
    input.after(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    const labels = (input.dataset.pickerLabel || "").split(/[ ,]/).filter((name) => name !== "");
    let timer;
    let asked = "";
    input.addEventListener("input", () => {
        clearTimeout(timer);
        const query = input.value.trim();
        if (query.length < 2 || query === asked) return;
        timer = setTimeout(async () => {
            asked = query;
            const url = new URL(input.dataset.picker, window.location.origin);
            url.searchParams.set("q", query);
            url.searchParams.set("limit", "10");
            try {
                const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
                if (!response.ok) return;
                const body = await response.json();
                list.replaceChildren(...(body.items || []).map((item) => {
                    const option = document.createElement("option");
                    option.value = item[input.dataset.pickerValue];
                    option.label = labels.map((name) => item[name]).join(" ");
                    return option;
                }));
            } catch (error) {
                // The plain field still works: the person types the number.
            }
        }, 200);
    });
});
