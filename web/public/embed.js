// Baken embed: put <script src="https://YOUR-BAKEN-HOST/embed.js" async></script> where the chat
// should appear (data-helpline="ID" for a helpline other than the host's own). It adds an iframe to
// the chat; the page around it cannot see what is typed there. The chat's quick exit asks this script
// to leave the whole tab (schema/embed.ts), since a frame alone may not navigate its partner's page.
(() => {
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var frame = document.createElement("iframe");
  var helpline = script.getAttribute("data-helpline");
  frame.src = `${origin}/embed${helpline ? `?helpline=${encodeURIComponent(helpline)}` : ""}`;
  frame.title = script.getAttribute("data-title") || "Chat";
  frame.setAttribute("referrerpolicy", "no-referrer");
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-forms allow-top-navigation-by-user-activation");
  frame.style.width = script.getAttribute("data-width") || "100%";
  frame.style.height = script.getAttribute("data-height") || "600px";
  frame.style.border = "0";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", (e) => {
    // Only the chat's own frame on the Baken origin: anything else on this page could post the same.
    if (e.origin !== origin || e.source !== frame.contentWindow) return;
    var data = e.data;
    if (data?.type !== "baken:quick-exit" || typeof data.url !== "string") return;
    var to;
    try {
      to = new URL(data.url);
    } catch (_error) {
      return;
    }
    if (to.protocol !== "https:" && to.protocol !== "http:") return;
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    // replace, not assign: Back must not return to this page and its chat.
    location.replace(to.href);
  });
})();
