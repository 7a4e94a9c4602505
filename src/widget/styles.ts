const DARK =
  '--bg:#17191d;--fg:#e8eaed;--muted:#a3abb6;--line:#343a43;--soft:#22262c;--refused:#2e2713;' +
  '--refused-line:#d9a520;--refused-ink:#f0c75e;--err:#3a1d1f;--err-line:#f07178;--mark:#6b5a12;' +
  '--tip:#f1f3f5;--tip-fg:#17191d;color-scheme:dark;';

/**
 * All styles live in the shadow root. The host page's rules cannot select anything inside it; what they can
 * reach is the host element itself and inherited properties, so :host resets both with !important, which
 * (unlike normal rules) beats the page's !important. Sizes are px, never rem: the page owns the root font size.
 */
export const CSS = `
:host{all:initial!important;display:block!important;position:static!important;visibility:visible!important;
opacity:1!important;transform:none!important;filter:none!important;clip-path:none!important;contain:none!important;
pointer-events:auto!important}
[hidden]{display:none!important}
*,*::before,*::after{box-sizing:border-box}
.root{--accent:#2454d6;--ink:#fff;--bg:#fff;--fg:#1d2127;--muted:#5d6673;--line:#dde1e7;--soft:#f3f5f8;
--refused:#fff8e5;--refused-line:#c98a00;--refused-ink:#7a4f00;--err:#fdeeee;--err-line:#c93434;--mark:#ffe27a;
--tip:#1d2127;--tip-fg:#fff;
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);
color-scheme:light;text-align:left;direction:ltr;-webkit-font-smoothing:antialiased}
@media (prefers-color-scheme:dark){.root:not(.light){${DARK}}}
.root.dark{${DARK}}
button,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;border:0;background:none;padding:0}
button:focus-visible,a:focus-visible,.ctx:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;
flex:none}
.sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.launcher{position:fixed;z-index:2147483646;bottom:20px;right:20px;width:56px;height:56px;border-radius:50%;
display:grid;place-items:center;background:var(--accent);color:var(--ink);box-shadow:0 6px 20px rgba(0,0,0,.25)}
.launcher svg{width:26px;height:26px}
.left .launcher,.left .panel{right:auto;left:20px}
.panel{position:fixed;z-index:2147483647;bottom:20px;right:20px;width:390px;height:min(640px,calc(100vh - 40px));
display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:14px;
box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden}
.page .panel,.page .quote{inset:0;width:auto;height:auto;border:0;border-radius:0;box-shadow:none;
padding:0 max(0px,calc((100vw - 820px)/2))}
@media (min-width:821px){.page header{border-radius:0 0 12px 12px}}
header{display:flex;align-items:center;gap:10px;padding:12px 14px 12px 16px;background:var(--accent);color:var(--ink)}
h2{flex:1;margin:0;font-size:16px;font-weight:650;line-height:1.3}
h2 small{display:block;font-size:12px;font-weight:400;opacity:.85}
.icon-btn{width:36px;height:36px;border-radius:8px;display:grid;place-items:center}
header .icon-btn:hover{background:rgba(255,255,255,.18)}
.btn-label{display:none}
@media (min-width:600px){.page .new-chat{width:auto;display:flex;gap:6px;padding:0 12px 0 10px;font-size:13px;
font-weight:600}.page .btn-label{display:inline}}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:16px;display:flex;flex-direction:column;gap:12px;
margin:0;list-style:none}
.msg{max-width:88%;padding:10px 13px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.user{align-self:flex-end;background:var(--accent);color:var(--ink);border-bottom-right-radius:4px}
.bot{align-self:flex-start;background:var(--soft);border:1px solid var(--line);border-bottom-left-radius:4px}
.refused{background:var(--refused);border-color:var(--refused-line);border-left-width:4px}
.error{background:var(--err);border-color:var(--err-line)}
.label{display:flex;align-items:center;gap:6px;font-size:12px;font-weight:650;text-transform:uppercase;
letter-spacing:.04em;color:var(--refused-ink);margin-bottom:4px;white-space:normal}
.label svg{width:16px;height:16px}
.pending{color:var(--muted);font-style:italic}
.dots::after{content:"";display:inline-block;width:1.2em;text-align:left;animation:dots 1.2s steps(4) infinite}
@keyframes dots{0%{content:""}25%{content:"."}50%{content:".."}75%{content:"..."}}
.meta{display:block;margin-top:6px;font-size:12px;color:var(--muted);white-space:normal}
.note{display:block;margin-top:6px;font-size:12px;color:var(--muted);font-style:italic;white-space:normal}
.related{margin-top:8px;white-space:normal}
.related-title{font-size:12px;font-weight:600;color:var(--muted)}
.related ul{margin:4px 0 0;padding-left:18px}
.related li{margin:4px 0}
.chip{display:inline-flex;align-items:center;justify-content:center;min-width:20px;height:18px;padding:0 5px;
margin:0 2px;border-radius:9px;background:var(--accent);color:var(--ink);font-size:11px;font-weight:700;line-height:1;
vertical-align:2px}
.chip:disabled{opacity:.55;cursor:default}
.retry{margin-top:8px;padding:5px 14px;border-radius:8px;border:1px solid var(--err-line);font-size:13px;
font-weight:600;background:var(--bg)}
.retry:hover{background:var(--soft)}
form{display:flex;align-items:flex-end;gap:8px;padding:12px;border-top:1px solid var(--line);margin:0}
textarea{flex:1;resize:none;min-height:42px;max-height:140px;padding:10px 12px;border:1px solid var(--line);
border-radius:12px;background:var(--bg);line-height:20px}
textarea:focus{outline:none;border-color:var(--accent);box-shadow:0 0 0 1px var(--accent)}
.send{width:42px;height:42px;border-radius:50%;display:grid;place-items:center;background:var(--accent);
color:var(--ink)}
.send:disabled{opacity:.45;cursor:default}
.tip{position:fixed;z-index:2147483647;max-width:320px;padding:9px 11px;border-radius:9px;background:var(--tip);
color:var(--tip-fg);font-size:12.5px;line-height:1.45;box-shadow:0 6px 22px rgba(0,0,0,.3);pointer-events:none;
white-space:normal}
.tip q{display:block;font-style:italic;margin-bottom:5px}
.tip span{display:block;opacity:.75}
.quote{position:absolute;inset:0;z-index:2;display:flex;flex-direction:column;background:var(--bg)}
.quote h3{flex:1;margin:0;font-size:15px;font-weight:650}
.quote .src{padding:10px 16px 0;font-size:13px;color:var(--muted)}
.quote .src a{color:var(--accent)}
.ctx{position:relative;flex:0 1 auto;overflow-y:auto;margin:10px 16px 16px;padding:12px 14px;
border:1px solid var(--line);border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.6}
mark{background:var(--mark);color:inherit;border-radius:3px;padding:1px 0;box-shadow:0 0 0 2px var(--mark)}
form{flex-wrap:wrap}
.count{flex-basis:100%;text-align:right;font-size:12px;color:var(--muted)}
.count.over{color:var(--err-line);font-weight:600}
textarea[aria-invalid]{border-color:var(--err-line);box-shadow:0 0 0 1px var(--err-line)}
.body p,.greet p{margin:0}
.body>*+*{margin-top:8px}
.said{margin:0;padding:1px 0 1px 12px;border-left:3px solid var(--accent)}
.hint{display:block;margin-top:6px;font-size:12.5px;color:var(--muted);white-space:normal}
.starters{list-style:none;margin:10px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:6px;white-space:normal}
.starter{padding:6px 11px;border:1px solid var(--line);border-radius:16px;background:var(--bg);font-size:13px;
line-height:1.35;text-align:left}
.starter:hover,.src-row:hover{border-color:var(--accent)}
.sources{margin-top:10px;padding-top:8px;border-top:1px solid var(--line);white-space:normal}
.sources .meta{margin-top:0}
.src-list{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-direction:column;gap:4px}
.src-row{display:flex;align-items:center;gap:8px;width:100%;padding:5px 8px;border:1px solid var(--line);
border-radius:8px;background:var(--bg);font-size:12.5px;text-align:left}
.src-n{flex:none;display:inline-grid;place-items:center;min-width:20px;height:18px;padding:0 5px;border-radius:9px;
background:var(--accent);color:var(--ink);font-size:11px;font-weight:700}
.src-title{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.src-meta{flex:none;color:var(--muted)}
.actions{margin-top:6px;display:flex;gap:6px;white-space:normal}
.act{display:inline-flex;align-items:center;gap:5px;padding:4px 8px;margin-left:-8px;border-radius:7px;
font-size:12.5px;color:var(--muted)}
.act:hover{background:var(--line);color:var(--fg)}
.act svg{width:15px;height:15px}
@media (pointer:coarse){.src-row,.starter,.act{min-height:40px}}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border:0;border-radius:0}.left .panel{left:0}
.bot{max-width:100%}}
@media (prefers-reduced-motion:reduce){.dots::after{animation:none;content:"..."}}
`;
