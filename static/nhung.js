// Gương Sáng's sizing script for portals (docs/embeds.md). A portal page includes it once beside
// its iframes of Gương Sáng; each framed page posts its height on every resize, and this fits the
// iframe that sent it. Only messages from the origin this script was served from are heard, and
// only from one of the page's own iframes.
(function () {
	'use strict';
	var script = document.currentScript;
	if (!script || window.__guongSangSizing) return;
	window.__guongSangSizing = true;
	var origin = new URL(script.src, location.href).origin;
	var MAX = 20000;

	window.addEventListener('message', function (event) {
		if (event.origin !== origin) return;
		var data = event.data;
		if (!data || data.type !== 'guong-sang:height') return;
		var height = Number(data.height);
		if (!isFinite(height) || height <= 0) return;
		var frames = document.getElementsByTagName('iframe');
		for (var i = 0; i < frames.length; i++) {
			if (frames[i].contentWindow === event.source) {
				frames[i].style.height = Math.min(Math.ceil(height), MAX) + 'px';
				return;
			}
		}
	});
})();
