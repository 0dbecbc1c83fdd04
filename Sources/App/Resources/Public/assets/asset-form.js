// The asset form shows the custom fields of the chosen model's type only, and submits only those. Without this
// script the server does the same on every reload; with it, choosing a model narrows the fields at once.
"use strict";
document.querySelectorAll("select[data-custom-groups]").forEach((select) => {
    const form = select.form;
    const show = () => {
        const type = select.selectedOptions[0]?.dataset.type || "";
        form.querySelectorAll("fieldset.custom-fields").forEach((group) => {
            const shown = type === "" || group.dataset.type === type;
            group.hidden = !shown;
            group.disabled = !shown;
        });
    };
    select.addEventListener("change", show);
    show();
});
