// The check form shows the fields of the chosen kind only. Without this script every field shows, and the server
// keeps only what the kind uses.
"use strict";
document.querySelectorAll("form.check-form").forEach((form) => {
    const kind = form.querySelector("select[name=kind]");
    if (!kind) return;
    const show = () => {
        form.querySelectorAll(".field[data-kinds]").forEach((field) => {
            const kinds = field.dataset.kinds.split(" ").filter((k) => k !== "");
            field.hidden = kinds.length > 0 && !kinds.includes(kind.value);
        });
    };
    kind.addEventListener("change", show);
    show();
});
