//! `guong serve` over HTTP: edits, new files, deletions and broken files are reflected
//! within a bounded wait; the server never serves files outside the output.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

fn start_with(site: &TestSite, extra: &[&str]) -> Server {
    let mut child: Child = Command::new(env!("CARGO_BIN_EXE_guong"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .arg("--root")
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start guong serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut server = Server { child, port: 0 };
    while Instant::now() < deadline {
        let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            server.port = rest.split('/').next().unwrap_or("").parse().expect("port");
            return server;
        }
    }
    panic!("guong serve did not print its URL");
}

/// `(status, body)` of a GET with the path sent exactly as given.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Waits until `check` holds for the page, or fails after a bounded time.
fn eventually(port: u16, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = get(port, path);
        if check(status, &body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: {path} gave {status}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_edit_add_delete_and_survives_broken_files() {
    let site = TestSite::fixture("portal");
    let srv = start(&site);
    let p = srv.port;
    let (status, body) = get(p, "/huyen-a/bai-cu-nhat/");
    assert_eq!(status, 200);
    assert!(
        body.contains("__guong/events"),
        "live reload script injected"
    );
    assert!(body.contains("text/html; charset=utf-8"));

    site.write(
        "content/huyen-a/bai-cu-nhat.md",
        "---\ntitle: \"Tiêu đề đã sửa\"\ndate: 2016-01-01\n---\nMới.\n",
    );
    eventually(p, "/huyen-a/bai-cu-nhat/", "edit", |s, b| {
        s == 200 && b.contains("Tiêu đề đã sửa")
    });

    site.write(
        "content/huyen-b/bai-moi.md",
        "---\ntitle: \"Bài mới tinh\"\ndate: 2024-01-01\nunits: [\"Đơn vị mới\"]\n---\n",
    );
    eventually(p, "/huyen-b/bai-moi/", "new file", |s, _| s == 200);
    eventually(p, "/units/don-vi-moi/", "entity of the new file", |s, _| {
        s == 200
    });
    eventually(p, "/", "home lists it", |_, b| b.contains("Bài mới tinh"));

    // A broken file: the last good pages stay served and the error is announced.
    site.write("content/huyen-b/hong.md", "---\ntitle: [\n---\n");
    std::thread::sleep(Duration::from_millis(600));
    let (status, _) = get(p, "/huyen-b/bai-moi/");
    assert_eq!(status, 200, "last good pages stay served");
    let (_, events) = {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", p)).expect("connect");
        s.set_read_timeout(Some(Duration::from_millis(700))).ok();
        write!(s, "GET /__guong/events HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
        let mut buf = [0u8; 4096];
        let n = s.read(&mut buf).unwrap_or(0);
        let mut text = String::from_utf8_lossy(&buf[..n]).into_owned();
        if let Ok(m) = s.read(&mut buf) {
            text.push_str(&String::from_utf8_lossy(&buf[..m]));
        }
        (0, text)
    };
    assert!(
        events.contains("error-report") && events.contains("hong.md"),
        "overlay event names the file:\n{events}"
    );
    std::fs::remove_file(site.root().join("content/huyen-b/hong.md")).expect("fix");
    site.write(
        "content/huyen-b/bai-moi.md",
        "---\ntitle: \"Bài mới đã sửa\"\ndate: 2024-01-01\n---\n",
    );
    eventually(p, "/huyen-b/bai-moi/", "fixed", |s, b| {
        s == 200 && b.contains("Bài mới đã sửa")
    });

    std::fs::remove_file(site.root().join("content/huyen-b/bai-moi.md")).expect("delete");
    eventually(p, "/huyen-b/bai-moi/", "deleted page disappears", |s, _| {
        s == 404
    });
    eventually(p, "/units/don-vi-moi/", "its entity page too", |s, _| {
        s == 404
    });
}

#[test]
fn serve_never_leaves_the_output_folder() {
    let site = TestSite::fixture("portal");
    site.write("secret.txt", "BI MAT");
    let srv = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/../../../../etc/passwd",
    ] {
        let (status, body) = get(srv.port, path);
        assert!(
            !body.contains("BI MAT") && !body.contains("root:x:"),
            "{path} leaked"
        );
        assert_ne!(status, 200, "{path}");
    }
    let (status, body) = get(srv.port, "/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(body.contains("Không tìm thấy trang"), "the site's 404 page");
    let (status, listing) = get(srv.port, "/css/");
    assert_eq!(status, 404, "no directory listing");
    assert!(listing.contains("Không tìm thấy trang"));
}

#[test]
fn serve_with_poll_sees_changes_too() {
    let site = TestSite::fixture("portal");
    let srv = start_with(&site, &["--poll"]);
    // Polling compares modification times to the second: an edit in the same second as
    // the watcher's first look would be indistinguishable from it.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.write(
        "content/huyen-a/bai-cu-nhat.md",
        "---\ntitle: \"Thấy qua thăm dò\"\ndate: 2016-01-01\n---\n",
    );
    eventually(srv.port, "/huyen-a/bai-cu-nhat/", "poll", |s, b| {
        s == 200 && b.contains("Thấy qua thăm dò")
    });
}
