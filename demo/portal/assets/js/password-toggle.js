/* 登录页“显示密码”按钮。 */
(function () {
  var button = document.getElementById("toggle-password");
  var field = document.getElementById("password");
  if (!button || !field) { return; }
  button.addEventListener("click", function () {
    field.type = field.type === "password" ? "text" : "password";
  });
})();
