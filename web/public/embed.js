// Baken embed: put <script src="https://YOUR-BAKEN-HOST/embed.js" async></script> where the chat
// should appear (data-helpline="ID" for a helpline other than the host's own). It adds an iframe to
// the chat; the page around it cannot see what is typed there.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var frame = document.createElement("iframe");
  var helpline = script.getAttribute("data-helpline");
  frame.src = origin + "/embed" + (helpline ? "?helpline=" + encodeURIComponent(helpline) : "");
  frame.title = script.getAttribute("data-title") || "Chat";
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-top-navigation-by-user-activation");
  frame.style.width = script.getAttribute("data-width") || "100%";
  frame.style.height = script.getAttribute("data-height") || "600px";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
