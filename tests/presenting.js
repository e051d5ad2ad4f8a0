/* The presenting audit of tests/presenting.py: called with the floor in px, returns what the
   back row cannot read (see AUDIT there). */
(function (floor) {
    var H = window.innerHeight, W = window.innerWidth, doc = document.documentElement;
    var out = {page: [], clipped: [], small: [], overlaps: [], covering: [], texts: 0};
    if (doc.scrollHeight > H + 1 || doc.scrollWidth > W + 1) { out.page = [doc.scrollWidth, doc.scrollHeight]; }
    function shown(el) {
        for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
            var s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') { return false; }
            if (e.parentElement && e.parentElement.matches('details:not([open])') && e.tagName !== 'SUMMARY') { return false; }
        }
        return true;
    }
    function clip(r, el) {
        // What of a box is drawn: cut by every ancestor that clips (a scroll box, an ellipsis),
        // the text's own element first (a clamped cell, a visually hidden screen-reader text).
        var box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
        for (var e = el; e && e !== document.body; e = e.parentElement) {
            var s = getComputedStyle(e);
            if (s.overflowX === 'visible' && s.overflowY === 'visible') { continue; }
            var c = e.getBoundingClientRect();
            box = {left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
                   right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom)};
        }
        box.width = box.right - box.left; box.height = box.bottom - box.top;
        return box;
    }
    function onScreen(r) { return r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < H && r.right > 0 && r.left < W; }
    function name(el) {
        return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    }
    document.querySelectorAll('.app-main *').forEach(function (el) {
        if (el.closest('.panel') || el.closest('.js-plotly-plot') || !shown(el)) { return; }
        var s = getComputedStyle(el), r = el.getBoundingClientRect();
        var scrolls = /(auto|scroll)/.test(s.overflowY + s.overflowX);
        if (scrolls && onScreen(r) && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)) {
            out.clipped.push([name(el), el.clientWidth, el.clientHeight, el.scrollWidth, el.scrollHeight]);
        }
    });
    var boxes = [];
    var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var n = walk.nextNode(); n; n = walk.nextNode()) {
        var text = n.textContent.trim(), el = n.parentElement;
        if (!text || !el || el.closest('.credits') || (el.closest('svg') && !el.closest('text')) || !shown(el)) { continue; }
        if (el.closest('script, style, noscript, option') || el.matches('details:not([open])')) { continue; }
        var holder = el.closest('text') || el, rects;
        if (holder.tagName.toLowerCase() === 'text' || holder.closest('text')) {
            rects = [holder.getBoundingClientRect()];
        } else {
            var range = document.createRange(); range.selectNodeContents(n);
            rects = Array.from(range.getClientRects());
        }
        rects = rects.map(function (r) { return clip(r, holder); }).filter(onScreen);
        if (!rects.length) { continue; }
        out.texts += 1;
        var px = parseFloat(getComputedStyle(holder).fontSize);
        if (px < floor - 0.5) { out.small.push([text.slice(0, 40), px]); }
        rects.forEach(function (r) { boxes.push([text.slice(0, 30), r, holder]); });
    }
    for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length; j++) {
            var a = boxes[i][1], b = boxes[j][1];
            if (boxes[i][2] === boxes[j][2]) { continue; }
            var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 2 && h > Math.min(a.height, b.height) * 0.3) { out.overlaps.push([boxes[i][0], boxes[j][0]]); }
        }
    }
    document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
        if (!shown(gd)) { return; }
        var r = gd.getBoundingClientRect(), id = (gd.closest('[id]') || gd).id;
        for (var x = 0.05; x < 1; x += 0.1) {
            for (var y = 0.05; y < 1; y += 0.1) {
                var px = r.left + x * r.width, py = r.top + y * r.height;
                if (px < 0 || py < 0 || px >= W || py >= H) { continue; }
                var top = document.elementFromPoint(px, py);
                if (top && !gd.contains(top)) { out.covering.push([id, name(top)]); }
            }
        }
    });
    out.covering = Array.from(new Set(out.covering.map(JSON.stringify))).map(JSON.parse);
    return out;
})
