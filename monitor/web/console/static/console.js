// 问政监测台: small progressive enhancements; every form also works without this script.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // One operator name for all the forms on a page: typing it once fills the others.
  const actors = Array.from(document.querySelectorAll("input.actor"));
  actors.forEach((el) => el.addEventListener("input", () => {
    actors.forEach((other) => { if (other !== el) other.value = el.value; });
  }));
  // A double click must not record an action twice.
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) setTimeout(() => { button.disabled = true; }, 0);
    });
  });
});
