/* 首页轮播：每 4 秒自动切换，没有暂停/停止控件（演示用的无障碍缺陷：WCAG 2.2.2）。 */
(function () {
  var slides = document.querySelectorAll(".carousel .slide");
  var current = 0;
  if (slides.length < 2) { return; }
  setInterval(function () {
    slides[current].classList.remove("active");
    current = (current + 1) % slides.length;
    slides[current].classList.add("active");
  }, 4000);
})();
