//! What a path asks the latency server for, with the caps that keep a typo
//! from parking a connection for a day or sending a gigabyte (pure).

/// What a path asks for.
#[derive(Debug, PartialEq)]
pub enum Route {
    Hello,
    /// Answer 200 after this many ms.
    Delay(u64),
    Status(u16),
    Bytes(u64),
    /// Headers and the first bytes at once, the rest after this many ms.
    Drip(u64),
    Reset,
    Index,
    NotFound,
}

/// The longest wait any endpoint honours.
pub const MAX_WAIT_MS: u64 = 120_000;
/// The largest body `/bytes` sends.
pub const MAX_BYTES: u64 = 10_000_000;

/// The path (without its query: `?i=3` only makes each URL distinct) to its route.
pub fn route(path: &str) -> Route {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let (name, arg) = (parts.next().unwrap_or(""), parts.next());
    let number = arg.and_then(|a| a.trim_end_matches('/').parse::<u64>().ok());
    match (name, number) {
        ("", None) => Route::Index,
        ("hello", None) => Route::Hello,
        ("reset", None) => Route::Reset,
        ("delay", Some(ms)) => Route::Delay(ms.min(MAX_WAIT_MS)),
        ("drip", Some(ms)) => Route::Drip(ms.min(MAX_WAIT_MS)),
        ("bytes", Some(n)) => Route::Bytes(n.min(MAX_BYTES)),
        ("status", Some(code @ 200..=599)) => Route::Status(code as u16),
        _ => Route::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_routes_with_caps() {
        assert_eq!(route("/delay/500"), Route::Delay(500));
        assert_eq!(route("/delay/999999999"), Route::Delay(MAX_WAIT_MS));
        assert_eq!(route("/status/503"), Route::Status(503));
        assert_eq!(route("/status/99"), Route::NotFound);
        assert_eq!(route("/bytes/64"), Route::Bytes(64));
        assert_eq!(route("/bytes/99999999999"), Route::Bytes(MAX_BYTES));
        assert_eq!(route("/drip/300"), Route::Drip(300));
        assert_eq!(route("/reset"), Route::Reset);
        assert_eq!(route("/hello"), Route::Hello);
        assert_eq!(route("/"), Route::Index);
        assert_eq!(route("/delay/abc"), Route::NotFound);
        assert_eq!(route("/nothing"), Route::NotFound);
    }
}
