/* 滑动验证：方向键拖动滑块。演示用的无障碍缺陷（WCAG 2.1.2 键盘陷阱）：
   滑块获得焦点后拦截 Tab / Shift+Tab，焦点再也离不开它。 */
(function () {
  var knob = document.getElementById("captcha-knob");
  var status = document.getElementById("captcha-status");
  if (!knob) { return; }
  var value = 0;
  function render() {
    knob.style.left = (value * 2.6) + "px";
    knob.setAttribute("aria-valuenow", String(value));
    if (value >= 100) { status.textContent = "验证通过"; }
  }
  knob.addEventListener("keydown", function (event) {
    if (event.key === "Tab") {
      event.preventDefault();   /* 缺陷：焦点被困在滑块里 */
      knob.focus();
      return;
    }
    if (event.key === "ArrowRight" || event.key === "ArrowUp") { value = Math.min(100, value + 10); }
    if (event.key === "ArrowLeft" || event.key === "ArrowDown") { value = Math.max(0, value - 10); }
    render();
  });
})();
