// The IMEI's check digit, checked as it is typed (the server checks it again): an input with data-imei gets a message
// in the element its aria-describedby names, and the browser's own validity so the form is not sent.
"use strict";
function imeiProblem(value) {
  if (value.length === 0) return "";
  if (!/^[0-9]*$/.test(value)) return "Only digits.";
  if (value.length < 15) return (15 - value.length) + " more digit" + (value.length === 14 ? "" : "s") + ".";
  if (value.length > 15) return "15 digits at most.";
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = value.charCodeAt(13 - i) - 48;
    if (i % 2 === 0) { digit *= 2; if (digit > 9) digit -= 9; }
    sum += digit;
  }
  const check = (10 - (sum % 10)) % 10;
  return check === value.charCodeAt(14) - 48 ? "" : "The last digit should be " + check + ": this is not an IMEI.";
}
document.querySelectorAll("input[data-imei]").forEach(input => {
  const message = document.getElementById(input.dataset.imei);
  const check = () => {
    const problem = imeiProblem(input.value.trim());
    input.setCustomValidity(problem);
    message.textContent = problem;
  };
  input.addEventListener("input", check);
});
