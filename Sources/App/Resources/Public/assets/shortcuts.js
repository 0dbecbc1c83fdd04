// Keyboard shortcuts where JavaScript runs: "/" moves to the header's search box (as GitHub, NetBox and Snipe-IT do),
// unless the person is typing in a field already. Without this script the search box is reached with Tab.
"use strict";
document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const search = document.getElementById("global-search");
    if (!search) return;
    event.preventDefault();
    search.focus();
    search.select();
});
