//! Whether the game window can open here: a clear message when there is no display to open it
//! on (a terminal over SSH, a server, a display that has gone away) instead of a panic inside
//! winit.
//!
//! Only on Linux and the BSDs, where a window needs an X server or a Wayland compositor that the
//! environment names; elsewhere there is always a desktop to open on.

use std::time::Duration;

/// How long a display's socket may take to answer before it is taken as gone.
const PATIENCE: Duration = Duration::from_secs(2);

/// `Err` with what to tell the player when no display named in the environment answers.
pub(super) fn reachable() -> Result<(), String> {
    if !cfg!(all(unix, not(target_os = "macos"), not(target_os = "ios"))) {
        return Ok(());
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let wayland = var("WAYLAND_DISPLAY");
    let x11 = var("DISPLAY");
    if var("WAYLAND_SOCKET").is_some() {
        // A compositor handed the game its connection: nothing to look for.
        return Ok(());
    }
    let mut tried = Vec::new();
    if let Some(name) = &wayland {
        if wayland_answers(name, var("XDG_RUNTIME_DIR").as_deref()) {
            return Ok(());
        }
        tried.push(format!(
            "the Wayland display WAYLAND_DISPLAY={name} does not answer"
        ));
    }
    if let Some(name) = &x11 {
        if x11_answers(name) {
            return Ok(());
        }
        tried.push(format!("the X display DISPLAY={name} does not answer"));
    }
    if tried.is_empty() {
        return Err("there is no display to open it on (neither DISPLAY nor WAYLAND_DISPLAY is set, as in a terminal over SSH)".into());
    }
    Err(tried.join("; "))
}

/// Whether the Wayland compositor's socket `name` (relative to `runtime`, or a path) accepts a
/// connection.
fn wayland_answers(name: &str, runtime: Option<&str>) -> bool {
    let path = if name.starts_with('/') {
        std::path::PathBuf::from(name)
    } else {
        match runtime {
            Some(dir) => std::path::Path::new(dir).join(name),
            None => return false,
        }
    };
    unix_answers(&path)
}

/// Whether the X server of `display` (`[host]:N[.screen]`) accepts a connection: its local
/// socket, or TCP port 6000 + N on another host (as SSH's X forwarding gives).
fn x11_answers(display: &str) -> bool {
    let Some((host, rest)) = display.rsplit_once(':') else {
        return false;
    };
    let number: Option<u16> = rest.split('.').next().and_then(|n| n.parse().ok());
    let Some(number) = number else {
        return false;
    };
    if host.is_empty() || host == "unix" {
        let path = format!("/tmp/.X11-unix/X{number}");
        // Linux X servers also listen in the abstract namespace, which a sandbox may give alone.
        return unix_answers(std::path::Path::new(&path)) || abstract_answers(&path);
    }
    if host.starts_with('/') {
        // A socket path (macOS's XQuartz style, `/path/to/socket:0`).
        return unix_answers(std::path::Path::new(host));
    }
    use std::net::{TcpStream, ToSocketAddrs};
    let Some(port) = number.checked_add(6000) else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    (host, port)
        .to_socket_addrs()
        .map(|mut addrs| addrs.any(|a| TcpStream::connect_timeout(&a, PATIENCE).is_ok()))
        .unwrap_or(false)
}

#[cfg(unix)]
fn unix_answers(path: &std::path::Path) -> bool {
    std::os::unix::net::UnixStream::connect(path).is_ok()
}

#[cfg(target_os = "linux")]
fn abstract_answers(name: &str) -> bool {
    use std::os::linux::net::SocketAddrExt;
    std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())
        .and_then(|addr| std::os::unix::net::UnixStream::connect_addr(&addr))
        .is_ok()
}

#[cfg(not(target_os = "linux"))]
fn abstract_answers(_name: &str) -> bool {
    false
}

#[cfg(not(unix))]
fn unix_answers(_path: &std::path::Path) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_socket_that_listens_answers_and_one_that_does_not_exist_does_not() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("wayland-7");
        let _listener = std::os::unix::net::UnixListener::bind(&path).expect("binds");
        let runtime = dir.path().to_str().expect("utf-8");
        assert!(wayland_answers("wayland-7", Some(runtime)));
        assert!(wayland_answers(path.to_str().expect("utf-8"), None));
        assert!(!wayland_answers("wayland-8", Some(runtime)));
        assert!(!wayland_answers("wayland-7", None));
    }

    #[test]
    fn x11_display_names_that_cannot_answer() {
        assert!(!x11_answers("no colon"));
        assert!(!x11_answers(":not-a-number"));
        assert!(
            !x11_answers(":65535"),
            "port 6000 + N out of range, and no such socket"
        );
        assert!(!x11_answers(":9876.0"), "no such local display");
        // TCP display on loopback whose port nobody listens on.
        let free = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
        let port = free.local_addr().expect("addr").port();
        drop(free);
        if let Some(n) = port.checked_sub(6000) {
            assert!(!x11_answers(&format!("127.0.0.1:{n}")));
        }
    }

    #[test]
    fn an_x11_display_on_loopback_that_listens_answers() {
        // Any port from 6000 up that is free: a listener stands in for the X server.
        let listener = (6100..6400)
            .find_map(|p| std::net::TcpListener::bind(("127.0.0.1", p)).ok())
            .expect("a free port");
        let n = listener.local_addr().expect("addr").port() - 6000;
        assert!(x11_answers(&format!("127.0.0.1:{n}")));
        assert!(x11_answers(&format!("127.0.0.1:{n}.0")));
    }
}
