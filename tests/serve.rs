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
    /// The server's log lines, as printed.
    log: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Waits for a log line containing `needle`; every line read is returned too.
    fn saw(&self, needle: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(100)) {
                let hit = line.contains(needle);
                lines.push(line);
                if hit {
                    return lines;
                }
            }
        }
        panic!(
            "the server never said {needle:?}; it said:\n{}",
            lines.join("\n")
        );
    }
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
    let mut server = Server {
        child,
        port: 0,
        log: rx,
    };
    while Instant::now() < deadline {
        let Ok(line) = server.log.recv_timeout(Duration::from_millis(200)) else {
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

/// Two stories sharing a unit: one with an editor's sapo, one whose sapo is its first
/// paragraph.
fn two_stories() -> TestSite {
    let s = TestSite::empty();
    s.write("site.yaml", "title: \"Sửa nhanh\"\n");
    s.write("content/huyen/_index.md", "---\nname: \"Huyện Một\"\n---\n");
    s.write(
        "content/huyen/a.md",
        "---\ntitle: \"Bài A\"\ndate: 2020-01-02\nsummary: \"Sapo A\"\nunits: [\"Đơn vị chung\"]\n---\nĐoạn một.\n\nĐoạn hai.\n",
    );
    s.write(
        "content/huyen/b.md",
        "---\ntitle: \"Bài B\"\ndate: 2020-01-01\nunits: [\"Đơn vị chung\"]\n---\nMở đầu B.\n\nThân bài B.\n",
    );
    s
}

#[test]
fn a_text_edit_rerenders_only_its_page_and_search_catches_up() {
    let site = two_stories();
    let srv = start(&site);
    let p = srv.port;
    let a = "content/huyen/a.md";
    let front = "---\ntitle: \"Bài A\"\ndate: 2020-01-02\nsummary: \"Sapo A\"\nunits: [\"Đơn vị chung\"]\n---\n";

    site.write(
        a,
        &format!("{front}Đoạn một.\n\nĐoạn hai có chữ quykhang.\n"),
    );
    let log = srv.saw("re-rendered");
    assert!(
        log.iter().any(|l| l.contains("/huyen/a/")),
        "the quick path names the page: {log:?}"
    );
    eventually(p, "/huyen/a/", "text edit", |s, b| {
        s == 200 && b.contains("quykhang")
    });
    srv.saw("search index refreshed");
    let dict = std::fs::read(site.out().join("search/d/qu.bin")).expect("dictionary");
    assert!(
        dict.windows(8).any(|w| w == b"quykhang"),
        "the search index has the new word"
    );

    // Saved the way vim and VS Code do: a temporary file renamed over the story.
    let tmp = site.root().join("content/huyen/.a.md.tmp");
    std::fs::write(&tmp, format!("{front}Đoạn một.\n\nĐoạn hai đổi tên rồi.\n")).expect("tmp");
    std::fs::rename(&tmp, site.root().join(a)).expect("rename");
    srv.saw("re-rendered");
    eventually(p, "/huyen/a/", "rename save", |_, b| {
        b.contains("đổi tên rồi")
    });

    // A first paragraph that is also the sapo shows in lists: the lists follow.
    site.write(
        "content/huyen/b.md",
        "---\ntitle: \"Bài B\"\ndate: 2020-01-01\nunits: [\"Đơn vị chung\"]\n---\nMở đầu mới của B.\n\nThân bài B.\n",
    );
    srv.saw("built");
    eventually(p, "/huyen/", "sapo in the district list", |_, b| {
        b.contains("Mở đầu mới của B.")
    });
    eventually(
        p,
        "/units/don-vi-chung/",
        "and on the unit's page",
        |_, b| b.contains("Mở đầu mới của B."),
    );

    // Front matter: every list showing the story follows, so does the related list.
    site.write(
        a,
        &format!(
            "{}Đoạn một.\n\nĐoạn hai.\n",
            front.replace("Bài A", "Bài A đổi tựa")
        ),
    );
    eventually(p, "/huyen/", "new title in the district", |_, b| {
        b.contains("Bài A đổi tựa")
    });
    eventually(p, "/huyen/b/", "new title among related stories", |_, b| {
        b.contains("Bài A đổi tựa")
    });
    eventually(
        p,
        "/units/don-vi-chung/",
        "new title on the unit",
        |_, b| b.contains("Bài A đổi tựa"),
    );

    // A link that leads nowhere is an error even on the quick path: reported, and the
    // last good page stays.
    site.write(
        a,
        &format!(
            "{}Đoạn một.\n\nXem [đây](/khong-co-trang-nay/).\n",
            front.replace("Bài A", "Bài A đổi tựa")
        ),
    );
    srv.saw("Build failed");
    let (_, body) = get(p, "/huyen/a/");
    assert!(
        !body.contains("khong-co-trang-nay"),
        "a broken page was served"
    );
}

#[test]
fn template_and_static_changes_reach_every_page_and_removed_files_go() {
    let site = two_stories();
    let srv = start(&site);
    let p = srv.port;
    // A theme override of the footer, a site partial rendered once per menu state:
    // every page follows.
    let footer = guong::render::theme::DEFAULT_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "partials/site/footer.html")
        .map(|(_, t)| *t)
        .expect("footer");
    site.write("site.yaml", "title: \"Sửa nhanh\"\ntheme: rieng\n");
    site.write(
        "themes/rieng/templates/partials/site/footer.html",
        &footer.replace("</footer>", "<p>Dấu mẫu giao diện</p></footer>"),
    );
    for page in ["/huyen/a/", "/huyen/", "/units/don-vi-chung/", "/"] {
        eventually(p, page, "template change", |_, b| {
            b.contains("Dấu mẫu giao diện")
        });
    }
    site.write("static/tai-lieu/huong-dan.txt", "Hướng dẫn");
    eventually(p, "/tai-lieu/huong-dan.txt", "new static file", |s, b| {
        s == 200 && b.contains("Hướng dẫn")
    });
    std::fs::remove_file(site.root().join("static/tai-lieu/huong-dan.txt")).expect("rm");
    eventually(
        p,
        "/tai-lieu/huong-dan.txt",
        "removed static file",
        |s, _| s == 404,
    );
    // A renamed story: the old address goes, the new one comes.
    std::fs::rename(
        site.root().join("content/huyen/b.md"),
        site.root().join("content/huyen/b-moi.md"),
    )
    .expect("rename");
    eventually(p, "/huyen/b-moi/", "renamed story", |s, _| s == 200);
    eventually(p, "/huyen/b/", "old address", |s, _| s == 404);
}
