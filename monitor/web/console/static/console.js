// 问政监测台: small progressive enhancements; every form also works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A double click must not record an action twice.
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) setTimeout(() => { button.disabled = true; }, 0);
    });
  });
});
