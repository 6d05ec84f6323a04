//! The servers' self-signed certificate for `localhost` and `*.localhost`,
//! made once (rcgen) and kept under target/, so that a browser that accepted it
//! keeps accepting it after a restart; and the TLS settings that offer it.
use rcgen::CertifiedKey;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{crypto::ring, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// The names the certificate covers: `N.localhost` for the shard lesson, listed
/// as well as the wildcard, since some clients refuse a wildcard one label under
/// a top-level name.
pub fn names() -> Vec<String> {
    let mut names = vec!["localhost".to_string(), "*.localhost".to_string()];
    names.extend((1..=8).map(|n| format!("{n}.localhost")));
    names.extend(["127.0.0.1".to_string(), "::1".to_string()]);
    names
}

/// Where it is kept: `identity.pem` (the certificate and its key, what the
/// servers load) and `cert.pem` (the certificate alone: give it to
/// `curl --cacert`).
pub fn folder() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"))
        .join("latency-server-cert")
}

/// The certificate (DER) and its key, read from [`folder`] or made there.
pub struct Identity {
    pub cert: CertificateDer<'static>,
    /// `identity.pem`'s text: the certificate's and the key's PEM sections.
    pem: String,
}

impl Identity {
    fn key(&self) -> io::Result<PrivateKeyDer<'static>> {
        PrivateKeyDer::from_pem_slice(self.pem.as_bytes()).map_err(io::Error::other)
    }
}

/// This process's identity: loaded once, made on first use. `get_or_init`
/// holds every other thread until the first has it, so the test threads that
/// start servers at once share one.
pub fn identity() -> io::Result<&'static Identity> {
    static ID: OnceLock<Result<Identity, String>> = OnceLock::new();
    ID.get_or_init(|| load().or_else(|_| make()).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| io::Error::other(e.clone()))
}

fn load() -> io::Result<Identity> {
    let pem = std::fs::read_to_string(folder().join("identity.pem"))?;
    let cert = CertificateDer::from_pem_slice(pem.as_bytes()).map_err(io::Error::other)?;
    let id = Identity { cert, pem };
    id.key()?;
    Ok(id)
}

/// Makes a certificate and key and publishes them as one file. Another
/// process may be doing the same at this moment (the e2e suite's servers, the
/// native tests): the first `identity.pem` to be linked in wins, and every
/// process then serves that one, so a certificate never meets another's key.
fn make() -> io::Result<Identity> {
    let CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(names()).map_err(io::Error::other)?;
    let dir = folder();
    std::fs::create_dir_all(&dir)?;
    let part = dir.join(format!("identity.pem.{}", std::process::id()));
    std::fs::write(&part, format!("{}{}", cert.pem(), key_pair.serialize_pem()))?;
    let linked = std::fs::hard_link(&part, dir.join("identity.pem"));
    std::fs::remove_file(&part)?;
    match linked {
        Ok(()) => {
            let part = dir.join(format!("cert.pem.{}", std::process::id()));
            std::fs::write(&part, cert.pem())?;
            std::fs::rename(&part, dir.join("cert.pem"))?;
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    load()
}

/// TLS offering the certificate, with ALPN `protocols` in order of preference.
pub fn acceptor(protocols: &[&[u8]]) -> io::Result<TlsAcceptor> {
    let id = identity()?;
    let mut config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(vec![id.cert.clone()], id.key()?)
        .map_err(io::Error::other)?;
    config.alpn_protocols = protocols.iter().map(|p| p.to_vec()).collect();
    Ok(TlsAcceptor::from(Arc::new(config)))
}
