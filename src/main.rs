use fetch_playground::App;
use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    // index.html's static shell (#app) shows until now: the app takes its place.
    let shell = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match shell {
        Some(root) => {
            root.set_inner_html("");
            root.set_attribute("data-testid", "app").ok();
            leptos::mount::mount_to(root, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}
