//! The servers' self-signed certificate for `localhost` and `*.localhost`,
//! made once (rcgen) and kept under target/, so that a browser that accepted it
//! keeps accepting it after a restart; and the TLS settings that offer it.
use rcgen::{CertifiedKey, KeyPair};
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

/// Where it is kept: `cert.pem` (give it to `curl --cacert`) and `key.pem`.
pub fn folder() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"))
        .join("latency-server-cert")
}

/// The certificate (DER) and its key, read from [`folder`] or made there.
pub struct Identity {
    pub cert: CertificateDer<'static>,
    key_pem: String,
}

impl Identity {
    fn key(&self) -> io::Result<PrivateKeyDer<'static>> {
        PrivateKeyDer::from_pem_slice(self.key_pem.as_bytes()).map_err(io::Error::other)
    }
}

/// This process's identity: loaded once, made on first use.
pub fn identity() -> io::Result<&'static Identity> {
    static ID: OnceLock<Identity> = OnceLock::new();
    if let Some(id) = ID.get() {
        return Ok(id);
    }
    let id = load().or_else(|_| make())?;
    Ok(ID.get_or_init(|| id))
}

fn load() -> io::Result<Identity> {
    let dir = folder();
    let cert_pem = std::fs::read(dir.join("cert.pem"))?;
    let key_pem = std::fs::read_to_string(dir.join("key.pem"))?;
    let cert = CertificateDer::from_pem_slice(&cert_pem).map_err(io::Error::other)?;
    let id = Identity { cert, key_pem };
    id.key()?;
    Ok(id)
}

fn make() -> io::Result<Identity> {
    let CertifiedKey { cert, key_pair } =
        rcgen::generate_simple_self_signed(names()).map_err(io::Error::other)?;
    let key_pem = KeyPair::serialize_pem(&key_pair);
    let dir = folder();
    std::fs::create_dir_all(&dir)?;
    // Written beside and renamed, so that two servers starting at once never read half a file.
    for (name, text) in [("cert.pem", cert.pem()), ("key.pem", key_pem.clone())] {
        let part = dir.join(format!("{name}.{}", std::process::id()));
        std::fs::write(&part, text)?;
        std::fs::rename(&part, dir.join(name))?;
    }
    // Whichever pair won the rename is the one on disk: serve that one.
    load().or(Ok(Identity {
        cert: cert.der().clone(),
        key_pem,
    }))
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
