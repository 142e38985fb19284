//! Where the class server listens by default, and which `Host` names reach it.
//!
//! The default is the laptop's first private LAN IPv4 address (10/8, 172.16/12, 192.168/16),
//! preferring real network cards over container and VM bridges: phones on the school Wi-Fi
//! reach it, the wider internet does not, and only that one interface listens. Without one the
//! server falls back to 127.0.0.1 (reachable from this laptop only) and says so; it never
//! listens on every interface (0.0.0.0) unless the teacher asks with `--bind 0.0.0.0`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The default port: free on ordinary laptops, above 1024 (no administrator rights needed),
/// and easy to read out loud.
pub const DEFAULT_PORT: u16 = 7878;

/// The chosen default address, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultAddr {
    pub ip: IpAddr,
    /// The interface's name, e.g. `wlan0`; `None` for the loopback fallback.
    pub interface: Option<String>,
}

/// Interface names of container and VM bridges, which phones cannot reach.
fn is_virtual(name: &str) -> bool {
    [
        "docker",
        "br-",
        "veth",
        "virbr",
        "vmnet",
        "vboxnet",
        "lxc",
        "lxd",
        "cni",
        "flannel",
        "tun",
        "tap",
        "utun",
        "zt",
        "tailscale",
        "wg",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// The addresses the class could listen on, best first (see the module doc): private LAN
/// IPv4 addresses of interfaces that are up, real network cards before container and VM
/// bridges, then 127.0.0.1 (this computer only). Never empty; the first is the default.
pub fn choices() -> Vec<DefaultAddr> {
    let interfaces = if_addrs::get_if_addrs().unwrap_or_default();
    let mut found: Vec<(&if_addrs::Interface, Ipv4Addr)> = interfaces
        .iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) if v4.is_private() && !i.is_loopback() && i.is_oper_up() => {
                Some((i, v4))
            }
            _ => None,
        })
        .collect();
    found.sort_by_key(|(i, v4)| (is_virtual(&i.name), i.is_p2p(), v4.octets()[0] == 172));
    let mut out: Vec<DefaultAddr> = found
        .into_iter()
        .map(|(i, v4)| DefaultAddr {
            ip: IpAddr::V4(v4),
            interface: Some(i.name.clone()),
        })
        .collect();
    out.dedup_by_key(|d| d.ip);
    out.push(DefaultAddr {
        ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        interface: None,
    });
    out
}

/// Picks the default from the machine's interfaces (see the module doc).
pub fn default_addr() -> DefaultAddr {
    choices().swap_remove(0)
}

/// The machine's own addresses (for the `Host` check when listening on every interface).
pub fn own_ips() -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .iter()
        .map(if_addrs::Interface::ip)
        .collect();
    ips.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    ips
}

/// `ip:port` as written in a URL (IPv6 in brackets).
pub fn host_port(ip: IpAddr, port: u16) -> String {
    SocketAddr::new(ip, port).to_string()
}

/// The `Host` header values a student's browser may send to reach `bound`: its address, and
/// `localhost` when it is a loopback address. Anything else (a DNS name pointed at the laptop
/// by another web page) is refused at the WebSocket.
pub fn allowed_hosts(bound: SocketAddr) -> Vec<String> {
    let port = bound.port();
    let ips = if bound.ip().is_unspecified() {
        own_ips()
    } else {
        vec![bound.ip()]
    };
    let mut hosts: Vec<String> = ips.iter().map(|ip| host_port(*ip, port)).collect();
    if ips.iter().any(IpAddr::is_loopback) {
        hosts.push(format!("localhost:{port}"));
    }
    hosts
}

/// The address to print in the join URL: the bound one, or for 0.0.0.0 the default LAN one.
pub fn shown_ip(bound: SocketAddr) -> IpAddr {
    if bound.ip().is_unspecified() {
        default_addr().ip
    } else {
        bound.ip()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_allows_localhost() {
        let hosts = allowed_hosts("127.0.0.1:7878".parse().unwrap());
        assert_eq!(hosts, ["127.0.0.1:7878", "localhost:7878"]);
        let hosts = allowed_hosts("192.168.1.20:9000".parse().unwrap());
        assert_eq!(hosts, ["192.168.1.20:9000"]);
    }

    #[test]
    fn choices_end_with_loopback_and_start_with_the_default() {
        let all = choices();
        assert_eq!(all.first(), Some(&default_addr()));
        assert_eq!(
            all.last().map(|d| d.ip),
            Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
        );
        assert!(all.iter().all(|d| !d.ip.is_unspecified()));
    }

    #[test]
    fn the_default_is_never_unspecified() {
        let d = default_addr();
        assert!(!d.ip.is_unspecified());
        assert!(d.ip.is_loopback() || matches!(d.ip, IpAddr::V4(v) if v.is_private()));
    }
}
