use leptos::prelude::*;

/// Loads the WASM and hydrates the page at the browser's first idle moment,
/// with no resource hint. Leptos's `<HydrationScripts>` also writes a
/// `<link rel=preload>` for the main module and one for each chunk of the
/// route: their downloads then start before the first paint, and Lighthouse
/// counts them into the page's LCP (2.1 s when they started after it, 3.6 s
/// when before, for the same page: the header's account line, painted at
/// 130 ms unthrottled). Without the hints the text paints first and the
/// files follow; every form posts without JavaScript in the meantime.
#[component]
pub fn HydrationScript(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = format!(
        "(()=>{{const h=()=>import('{pkg}.js').then(m=>m.default({{module_or_path:'{pkg}.wasm'}}).then(()=>m.hydrate()));\
         'requestIdleCallback' in window?requestIdleCallback(h,{{timeout:2000}}):h()}})()"
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}
