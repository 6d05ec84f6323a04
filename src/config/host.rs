//! Whose server a target is. A shared link can aim a visitor's browser at any
//! host, so a target that is neither this page's origin nor loopback is
//! "someone else's server": polite caps apply, and the first run asks first.
use super::{ConfigError, Settings};

/// The most requests, and starts per second, sent to someone else's server
/// unless the user says they run it.
pub const POLITE_MAX_REQUESTS: usize = 1_000;
pub const POLITE_MAX_RATE: f64 = 10.0;

/// Who answers a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Host {
    /// A path on this page's own origin (the simulated server among them).
    ThisOrigin,
    /// 127.0.0.0/8, `localhost`, `*.localhost` or `[::1]`: this machine.
    Loopback,
    /// Anyone else's: the host name, as typed (lower case).
    Foreign(String),
}

impl Host {
    /// Classifies `target` as seen from a page at `page_origin` (e.g. `http://127.0.0.1:8080`).
    pub fn of(target: &str, page_origin: &str) -> Host {
        let Some((scheme, rest)) = target.trim().split_once("://") else {
            return Host::ThisOrigin;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority
            .rsplit('@')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if page_origin.eq_ignore_ascii_case(&format!("{scheme}://{authority}")) {
            return Host::ThisOrigin;
        }
        let host = if authority.starts_with('[') {
            authority
                .split(']')
                .next()
                .map(|h| format!("{h}]"))
                .unwrap_or_default()
        } else {
            authority.split(':').next().unwrap_or("").to_string()
        };
        if is_loopback(&host) {
            Host::Loopback
        } else {
            Host::Foreign(host)
        }
    }

    pub fn is_foreign(&self) -> bool {
        matches!(self, Host::Foreign(_))
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.parse::<u8>().is_ok())
}

/// The polite caps for someone else's server: at most 1,000 requests and at
/// most 10 starts a second (so a rate must be set).
pub fn polite_errors(settings: &Settings) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    if settings.n > POLITE_MAX_REQUESTS {
        errors.push(ConfigError::PoliteRequests);
    }
    if settings.rate_per_sec <= 0.0 || settings.rate_per_sec > POLITE_MAX_RATE {
        errors.push(ConfigError::PoliteRate);
    }
    errors
}

impl ConfigError {
    /// Whether this error is one of the polite caps (lifted by "I run this server").
    pub fn is_polite_cap(&self) -> bool {
        matches!(self, ConfigError::PoliteRequests | ConfigError::PoliteRate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Field, RawSettings};

    const PAGE: &str = "http://127.0.0.1:8080";

    #[test]
    fn targets_are_classified_by_their_host() {
        for (target, want) in [
            ("/__sim/{i}", Host::ThisOrigin),
            ("__sim/{i}", Host::ThisOrigin),
            ("http://127.0.0.1:8080/delay/5?i={i}", Host::ThisOrigin),
            ("http://127.0.0.1:8090/delay/0.2?i={i}", Host::Loopback),
            ("http://127.10.0.3/{i}", Host::Loopback),
            ("http://localhost:9/{i}", Host::Loopback),
            ("http://2.localhost:8090/{i}", Host::Loopback),
            ("http://[::1]:8090/{i}", Host::Loopback),
            (
                "HTTPS://Example.COM/items/{i}",
                Host::Foreign("example.com".into()),
            ),
            (
                "http://user@other.example:81/{i}",
                Host::Foreign("other.example".into()),
            ),
            (
                "http://127.0.0.1.evil.example/{i}",
                Host::Foreign("127.0.0.1.evil.example".into()),
            ),
            (
                "http://localhost.evil.example/{i}",
                Host::Foreign("localhost.evil.example".into()),
            ),
            ("http://128.0.0.1/{i}", Host::Foreign("128.0.0.1".into())),
            (
                "http://127.0.0.256/{i}",
                Host::Foreign("127.0.0.256".into()),
            ),
        ] {
            assert_eq!(Host::of(target, PAGE), want, "{target}");
        }
    }

    #[test]
    fn someone_elses_server_gets_at_most_1000_requests_at_10_per_second() {
        let mut raw = RawSettings::default();
        raw.set(Field::Target, "https://example.com/{i}");
        raw.set(Field::Requests, "1000");
        raw.set(Field::Rate, "10");
        let polite = raw.validate().expect("valid");
        assert!(polite_errors(&polite).is_empty());
        raw.set(Field::Requests, "1001");
        raw.set(Field::Rate, "0");
        let errors = polite_errors(&raw.validate().expect("valid"));
        assert_eq!(
            errors,
            vec![ConfigError::PoliteRequests, ConfigError::PoliteRate]
        );
        assert_eq!(errors[0].field(), Field::Requests);
        assert_eq!(errors[1].field(), Field::Rate);
        assert!(errors.iter().all(ConfigError::is_polite_cap));
        assert!(errors[0].to_string().contains("I run this server"));
        raw.set(Field::Rate, "10.5");
        assert_eq!(polite_errors(&raw.validate().expect("valid")).len(), 2);
    }
}
