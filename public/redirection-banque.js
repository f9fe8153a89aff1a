// Sends the signed payment form to the bank as soon as the page is read.
// Without JavaScript, the tenant presses the form's button instead.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("formulaire-banque");
  if (form) { form.submit(); }
});
