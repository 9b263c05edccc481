//! The address the WSDL gives for the endpoint (`soap:address`). A client and every cache
//! between it and the gateway keep that address, so it must not be whatever a request's
//! `Host` header says: it comes from the configured public URL ([`PublicUrl`]). Without one,
//! only a `Host` that names the loopback interface (`localhost`, `127.0.0.0/8`, `[::1]`) is
//! used, with the scheme of the connection the request came on — enough for development and
//! `underlag demo`, and useless for poisoning a shared cache. Any other request for the WSDL
//! is refused (HTTP 421), so a gateway deployed without its public URL fails visibly instead
//! of advertising an address a caller chose.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The gateway's public base URL, as clients reach it (through any proxy in front), e.g.
/// `https://ssbtek.kommun.example` or `https://gw.example/underlag`: `http` or `https`, a
/// host, an optional port and path, no credentials, query or fragment. The WSDL's
/// `soap:address` is this URL followed by the endpoint's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

/// Why a public URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicUrlError;

impl fmt::Display for PublicUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the public URL must be an absolute http:// or https:// URL with a host, \
             an optional port and path (letters, digits and -._~/%), and no credentials, \
             query or fragment",
        )
    }
}

impl std::error::Error for PublicUrlError {}

impl PublicUrl {
    /// Checks a public URL; a trailing `/` is dropped and the scheme lower-cased.
    pub fn parse(text: &str) -> Result<Self, PublicUrlError> {
        let text = text.trim();
        let (scheme, rest) = text.split_once("://").ok_or(PublicUrlError)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(PublicUrlError);
        }
        let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
        split_authority(authority).ok_or(PublicUrlError)?;
        let path_ok = path.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'%')
        });
        if !path_ok || text.len() > 2048 {
            return Err(PublicUrlError);
        }
        let path = path.trim_end_matches('/');
        Ok(Self(format!("{scheme}://{authority}{path}")))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `scheme://host[:port]` for a request whose `Host` (or HTTP/2 authority) names the
/// loopback interface; `None` for any other host. `tls` says whether the request came over
/// TLS.
pub(crate) fn loopback_base(host: &str, tls: bool) -> Option<String> {
    let host = host.trim();
    let (name, _) = split_authority(host)?;
    let loopback = name.eq_ignore_ascii_case("localhost")
        || name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
        || name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .and_then(|n| n.parse::<Ipv6Addr>().ok())
            .is_some_and(|ip| ip.is_loopback());
    let scheme = if tls { "https" } else { "http" };
    loopback.then(|| format!("{scheme}://{host}"))
}

/// The host and port of an authority (`host`, `host:port`, `[v6]`, `[v6]:port`), when it is
/// one: no credentials, only the characters a host name or address uses, a numeric port.
fn split_authority(authority: &str) -> Option<(&str, Option<u16>)> {
    if authority.is_empty() || authority.len() > 255 {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        let inner = &host[1..host.len() - 1];
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        {
            return None;
        }
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':')?)),
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        let host_ok = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
        if !host_ok {
            return None;
        }
        (host, port)
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok().filter(|n| *n > 0)?)
        }
        Some(_) => return None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_an_absolute_http_url_without_surprises() {
        let ok = |s: &str| PublicUrl::parse(s).map(|u| u.as_str().to_owned());
        assert_eq!(
            ok("https://ssbtek.kommun.example/").as_deref(),
            Ok("https://ssbtek.kommun.example")
        );
        assert_eq!(
            ok(" HTTPS://gw.example:8443/underlag/ ").as_deref(),
            Ok("https://gw.example:8443/underlag")
        );
        assert_eq!(
            ok("http://[2001:db8::1]:8080").as_deref(),
            Ok("http://[2001:db8::1]:8080")
        );
        for bad in [
            "",
            "gw.example",
            "ftp://gw.example",
            "https://",
            "https://user:pw@gw.example",
            "https://gw.example?wsdl",
            "https://gw.example/#x",
            "https://gw.example/a\"b",
            "https://gw.example/<x>",
            "https://gw.example:99999",
            "https://gw.example:x",
            "https://[::1",
        ] {
            assert_eq!(PublicUrl::parse(bad), Err(PublicUrlError), "{bad}");
        }
    }

    #[test]
    fn only_loopback_hosts_are_reflected() {
        for host in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1",
            "127.3.4.5:9",
            "[::1]",
            "[::1]:8443",
        ] {
            assert_eq!(
                loopback_base(host, false),
                Some(format!("http://{host}")),
                "{host}"
            );
        }
        assert_eq!(
            loopback_base("127.0.0.1:8443", true).as_deref(),
            Some("https://127.0.0.1:8443")
        );
        for host in [
            "",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "10.0.0.1",
            "[2001:db8::1]",
            "0.0.0.0",
            "127.0.0.1:0",
            "127.0.0.1@evil.example",
            "a\"><x y=\"",
        ] {
            assert_eq!(loopback_base(host, false), None, "{host}");
        }
    }
}
