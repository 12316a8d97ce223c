// The last look before submitting a checklist: how many requirements are not
// answered, which ones (each a link to jump to it), and an explicit
// confirmation before an incomplete inspection is submitted. checklist.js
// calls SNFReview.open(results, onSubmit) when "Submit inspection" is pressed.
(function () {
  "use strict";

  const panel = document.getElementById("review");
  if (!panel) return;
  const t = JSON.parse(document.getElementById("i18n").textContent);
  const list = document.getElementById("review-list");
  const confirmBox = document.getElementById("review-confirm");
  const confirmLabel = document.getElementById("review-confirm-label");
  const submitButton = document.getElementById("review-submit");
  let onSubmit = null;

  function fill(text, count) { return String(text).replace("{count}", String(count)); }

  function plural(key, count) { return fill(t[key + (count === 1 ? "_one" : "_other")], count); }

  function titleOf(code) {
    const heading = document.querySelector("#req-" + CSS.escape(code) + " h3");
    if (!heading) return code;
    // The heading holds the code, the title and a severity badge: code and title.
    return Array.from(heading.childNodes)
      .filter(function (node) { return node.nodeType === Node.TEXT_NODE; })
      .map(function (node) { return node.textContent; }).join(" ").replace(/\s+/g, " ").trim() || code;
  }

  // Open the section the requirement is in, show it under the sticky status
  // bar and put the finger on its first input.
  function jumpTo(code) {
    const target = document.getElementById("req-" + code);
    if (!target) return;
    let node = target.parentElement;
    while (node) { if (node.tagName === "DETAILS") node.open = true; node = node.parentElement; }
    close();
    target.scrollIntoView({ block: "start" });
    const input = target.querySelector("input:not([type=hidden]):not([hidden]), select, textarea");
    if (input) input.focus({ preventScroll: true });
  }

  function item(result) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#req-" + result.requirement;
    link.className = "review-jump";
    link.dataset.req = result.requirement;
    link.textContent = titleOf(result.requirement);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      jumpTo(result.requirement);
    });
    li.append(link);
    return li;
  }

  function open(results, submit) {
    onSubmit = submit;
    const open = results.filter(function (r) { return r.outcome === "not_answered"; });
    list.innerHTML = "";
    open.forEach(function (r) { list.append(item(r)); });
    list.hidden = open.length === 0;
    document.getElementById("review-title").textContent = open.length ? plural("review", open.length) : t.review_all;
    document.getElementById("review-text").textContent = open.length ? t.review_todo : t.review_done;
    document.getElementById("review-confirm-text").textContent = plural("review_confirm", open.length);
    confirmLabel.hidden = open.length === 0;
    confirmBox.checked = false;
    submitButton.disabled = open.length > 0;
    panel.dataset.unanswered = String(open.length);
    panel.hidden = false;
    panel.scrollIntoView({ block: "start" });
  }

  function close() { panel.hidden = true; onSubmit = null; }

  confirmBox.addEventListener("change", function () { submitButton.disabled = !confirmBox.checked; });
  submitButton.addEventListener("click", function () {
    const go = onSubmit;
    const unanswered = Number(panel.dataset.unanswered || 0);
    if (!go || (unanswered > 0 && !confirmBox.checked)) return;
    close();
    go(unanswered);
  });
  document.getElementById("review-back").addEventListener("click", function () {
    close();
    document.getElementById("submit").focus();
  });

  window.SNFReview = { open: open, close: close };
})();
