// Targets in odd spellings, and what the host guard makes of each when a
// WHATWG URL parser reads them from a page at ODD_PAGE_BASE. Included by the
// native tests (the `url` crate) and by tests/web.rs (the browser's own `URL`,
// the parser fetch uses), so both are held to the same answers. Needs `Host`
// and `ConfigError` in scope.

/// The page's origin, and its base: served under a sub-path, as on GitHub Pages.
pub const ODD_PAGE_ORIGIN: &str = "http://127.0.0.1:8080";
pub const ODD_PAGE_BASE: &str = "http://127.0.0.1:8080/fetch-playground/";

pub struct OddTarget {
    pub name: &'static str,
    pub target: &'static str,
    /// H, the Shards field.
    pub shards: usize,
    pub want: Result<Host, ConfigError>,
}

fn odd(name: &'static str, target: &'static str, want: Result<Host, ConfigError>) -> OddTarget {
    odd_sharded(name, target, 1, want)
}

fn odd_sharded(
    name: &'static str,
    target: &'static str,
    shards: usize,
    want: Result<Host, ConfigError>,
) -> OddTarget {
    OddTarget {
        name,
        target,
        shards,
        want,
    }
}

fn foreign(name: &str) -> Result<Host, ConfigError> {
    Ok(Host::Foreign(name.to_string()))
}

fn unreadable(url: &str) -> Result<Host, ConfigError> {
    Err(ConfigError::UnreadableTarget(url.to_string()))
}

pub fn odd_targets() -> Vec<OddTarget> {
    use Host::{Loopback, ThisOrigin};
    vec![
        // Plain forms.
        odd("the simulated server", "__sim/{i}", Ok(ThisOrigin)),
        odd("a path on this origin", "/delay/5?i={i}", Ok(ThisOrigin)),
        odd("this origin spelled out", "http://127.0.0.1:8080/delay/5?i={i}", Ok(ThisOrigin)),
        odd("another port on loopback", "http://127.0.0.1:8090/delay/0.2?i={i}", Ok(Loopback)),
        odd("anywhere in 127/8", "http://127.10.0.3/{i}", Ok(Loopback)),
        odd("localhost", "http://localhost:9/{i}", Ok(Loopback)),
        odd("a name under localhost", "http://2.localhost:8090/{i}", Ok(Loopback)),
        odd("an upper-case host", "https://Example.COM/items/{i}", foreign("example.com")),
        odd("user info before the host", "http://user@other.example:81/{i}", foreign("other.example")),
        odd("loopback as a label of a foreign name", "http://127.0.0.1.evil.example/{i}", foreign("127.0.0.1.evil.example")),
        odd("localhost as a label of a foreign name", "http://localhost.evil.example/{i}", foreign("localhost.evil.example")),
        odd("just outside 127/8", "http://128.0.0.1/{i}", foreign("128.0.0.1")),
        // Backslashes: an http(s) URL's parser reads `\` as `/`.
        odd("a path that starts /\\ is another host", "/\\evil.example/{i}", foreign("evil.example")),
        odd("two backslashes are //", "\\\\evil.example/{i}", foreign("evil.example")),
        odd("a backslash ends the host before @", "http://evil.example\\@127.0.0.1:8080/{i}", foreign("evil.example")),
        odd("backslashes after the scheme", "http:\\\\evil.example/{i}", foreign("evil.example")),
        odd("three slashes", "http:///evil.example/{i}", foreign("evil.example")),
        // `@`: only the one in the authority starts the host.
        odd("@ in the path", "http://127.0.0.1:8090/a@evil.example/{i}", Ok(Loopback)),
        odd("@ in the query", "http://127.0.0.1:8090/{i}?u=x@evil.example", Ok(Loopback)),
        odd("@ in a path's query", "/{i}?u=x@evil", Ok(ThisOrigin)),
        odd("loopback as user info", "http://127.0.0.1:8080@evil.example/{i}", foreign("evil.example")),
        // Tabs and newlines are removed before parsing.
        odd("a tab in the scheme", "ht\ttp://evil.example/{i}", foreign("evil.example")),
        odd("a newline in the host", "http://local\nhost:9/{i}", Ok(Loopback)),
        odd("a newline before a foreign label", "http://127.0.0.1\n.evil.example/{i}", foreign("127.0.0.1.evil.example")),
        // Percent-encoding in the host is decoded.
        odd("%2e as the dots of loopback", "http://127%2e0%2e0%2e1:8090/{i}", Ok(Loopback)),
        odd("a percent-encoded foreign name", "http://%65vil.example/{i}", foreign("evil.example")),
        odd("%2e%2e in the path", "/%2e%2e/%2e%2e/{i}", Ok(ThisOrigin)),
        odd("an encoded / in the host", "http://evil%2fexample/{i}", unreadable("http://evil%2fexample/1")),
        // Trailing dots.
        odd("this origin with a trailing dot", "http://127.0.0.1.:8080/{i}", Ok(ThisOrigin)),
        odd("localhost with a trailing dot", "http://localhost.:9/{i}", Ok(Loopback)),
        odd("a foreign name with a trailing dot", "http://evil.example./{i}", foreign("evil.example.")),
        // IPv4 in other notations becomes dotted decimal.
        odd("127.0.0.1 in decimal", "http://2130706433:8090/{i}", Ok(Loopback)),
        odd("192.168.0.1 in decimal", "http://3232235521/{i}", foreign("192.168.0.1")),
        odd("hex and a short form", "http://0x7f.1/{i}", Ok(Loopback)),
        odd("one hex number", "http://0x7F000001/{i}", Ok(Loopback)),
        odd("octal", "http://0177.0.0.1/{i}", Ok(Loopback)),
        odd("a short form", "http://127.1/{i}", Ok(Loopback)),
        odd("a short form of this origin", "http://127.1:8080/{i}", Ok(ThisOrigin)),
        odd("hex of someone else", "http://0xC0A80001/{i}", foreign("192.168.0.1")),
        odd("an octet out of range", "http://127.0.0.256/{i}", unreadable("http://127.0.0.256/1")),
        // IPv6.
        odd("::1", "http://[::1]:8090/{i}", Ok(Loopback)),
        odd("::1 written out", "http://[0:0:0:0:0:0:0:1]/{i}", Ok(Loopback)),
        // Mapped IPv4 is not taken for loopback: see `is_loopback`.
        odd("IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/{i}", foreign("[::ffff:7f00:1]")),
        odd("an unclosed bracket", "http://[::1/{i}", unreadable("http://[::1/1")),
        // `{i}` must not reach the host or port: one check covers N requests.
        odd("{i} as a label", "http://{i}.evil.example/x", Err(ConfigError::IndexInHost)),
        odd("{i} in an IPv4 address", "http://127.0.0.{i}/x", Err(ConfigError::IndexInHost)),
        odd("{i} as the host", "http://{i}/x", Err(ConfigError::IndexInHost)),
        odd("{i} in the port", "http://localhost:80{i}/x", Err(ConfigError::IndexInHost)),
        // Without `//`, a scheme equal to the page's is a relative path.
        odd("{i} after an unslashed scheme", "http:{i}//evil.example/x", Ok(ThisOrigin)),
        odd("{i} after an unslashed scheme of another", "https:{i}//evil.example/x", Err(ConfigError::IndexInHost)),
        odd("{i} in user info", "http://{i}@127.0.0.1:9/x", Ok(Loopback)),
        // `{shard}` only in the host; every one of the H names is read.
        odd_sharded("shards under localhost", "http://{shard}.localhost:18700/delay/500?i={i}", 4, Ok(Loopback)),
        odd_sharded("shards of someone else", "http://{shard}.example.com/{i}", 2, foreign("1.example.com, 2.example.com")),
        odd_sharded("shards as the last octet", "http://127.0.0.{shard}:9/{i}", 3, Ok(Loopback)),
        odd_sharded("one shard of seven on loopback", "http://12{shard}.0.0.1/{i}", 7, foreign("121.0.0.1, 122.0.0.1, 123.0.0.1, 124.0.0.1, 125.0.0.1, 126.0.0.1")),
        odd_sharded("shards in an IPv6 address", "http://[::{shard}]:9/{i}", 2, foreign("[::2]")),
        odd_sharded("a shard that is no address", "http://127.0.0.25{shard}/{i}", 7, unreadable("http://127.0.0.256/1")),
        odd_sharded("{shard} in the path", "http://localhost:9/{shard}/{i}", 2, Err(ConfigError::ShardOutsideHost)),
        odd_sharded("{shard} in the query", "http://localhost:9/{i}?s={shard}", 2, Err(ConfigError::ShardOutsideHost)),
        odd_sharded("{shard} in the port", "http://localhost:900{shard}/{i}", 2, Err(ConfigError::ShardOutsideHost)),
        odd_sharded("{shard} in user info", "http://{shard}@localhost:9/{i}", 2, Err(ConfigError::ShardOutsideHost)),
        odd_sharded("{shard} in the host and the path", "http://{shard}.localhost:9/{shard}", 2, Err(ConfigError::ShardOutsideHost)),
    ]
}
