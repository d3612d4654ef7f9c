//! A fast reader for the plain YAML that front matter is nearly always written in:
//! `key: value` lines, lists of `- item` lines, mappings nested by indentation (such as
//! list items of `- name: …` lines followed by `  role: …` lines), `[a, b]` and
//! `{ name: …, unit: … }` on one line, quoted and plain text (also folded over several
//! lines and with `\xE0`-style escapes, as Python's PyYAML writes it), whole and decimal
//! numbers, `true`, `false` and `null`.
//!
//! serde_yaml takes about 40 µs for a story's front matter, a fifth of a whole build.
//! This reader gives the same [`Value`] serde_yaml would, or `None` the moment the text
//! steps outside that subset (anchors, tags, block scalars, blank lines inside text, a
//! number written `0x1F` or `1e3`, any doubt), and [`super::parse`] then asks serde_yaml.
//! A test checks it against serde_yaml on tens of thousands of generated documents.

use serde_yaml::{Mapping, Number, Value};

/// The document as serde_yaml would read it, or `None` when it is not plainly in the
/// subset this reader knows.
pub fn parse(text: &str) -> Option<Value> {
    // libyaml rejects characters YAML cannot carry, and reads NEL, LS and PS as line
    // breaks; a lone CR is a break too.
    let plain_chars = yaml_printable(text);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if !plain_chars || lines.iter().any(|l| l.contains('\r')) {
        return None;
    }
    let mut block = Block { lines, at: 0 };
    let top = block.mapping(0, None, 0)?;
    // The top mapping stops only at the end, or at a line it does not know.
    (block.peek().is_none()).then_some(top)
}

/// Nesting deeper than this is declined rather than followed, so that no document can
/// make the reader recurse without bound.
const MAX_DEPTH: usize = 16;

/// Lines being read as block-structured YAML: mappings and lists nested by indentation.
struct Block<'a> {
    lines: Vec<&'a str>,
    /// The next line to read.
    at: usize,
}

impl<'a> Block<'a> {
    /// The indentation and text of the next line that is neither blank nor a comment,
    /// skipping those, without taking it. A tab in the indentation stays in the text,
    /// where nothing accepts it.
    fn peek(&mut self) -> Option<(usize, &'a str)> {
        while let Some(&line) = self.lines.get(self.at) {
            if !blank_or_comment(line) {
                let text = line.trim_start_matches(' ');
                return Some((line.len() - text.len(), text));
            }
            self.at += 1;
        }
        None
    }

    /// Whether a line more indented than `col` comes next (blank lines aside): after a
    /// scalar, it would continue the scalar, which this reader leaves to serde_yaml.
    fn deeper_next(&self, col: usize) -> bool {
        self.lines[self.at..]
            .iter()
            .find(|l| !l.bytes().all(|b| b == b' '))
            .is_some_and(|l| l.len() - l.trim_start_matches(' ').len() > col)
    }

    /// The `key: value` lines at indentation `col`; `first` is the text of the first
    /// one when it sat on a list item's line (`- name: …`), already taken.
    fn mapping(&mut self, col: usize, mut first: Option<&'a str>, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut map = Mapping::new();
        loop {
            let text = match first.take() {
                Some(text) => text,
                None => match self.peek() {
                    Some((indent, text)) if indent == col => {
                        self.at += 1;
                        text
                    }
                    Some((indent, _)) if indent > col => return None,
                    _ => break,
                },
            };
            let (key, rest) = key_and_rest(text)?;
            let value = self.value_after_key(col, rest, depth)?;
            if map.insert(Value::String(key.to_string()), value).is_some() {
                return None;
            }
        }
        Some(Value::Mapping(map))
    }

    /// The value of a key at indentation `col`, with `rest` the text after its colon: on
    /// the same line, or a block on the lines below, or null.
    fn value_after_key(&mut self, col: usize, rest: &'a str, depth: usize) -> Option<Value> {
        if !blank_or_comment(rest) {
            return self.scalar(col, rest);
        }
        match self.peek() {
            Some((indent, text)) if indent > col => match is_item(text) {
                true => self.list(indent, depth + 1),
                false => self.mapping(indent, None, depth + 1),
            },
            // A list may sit at its key's own indentation.
            Some((indent, text)) if indent == col && is_item(text) => self.list(col, depth + 1),
            _ => Some(Value::Null),
        }
    }

    /// The value that begins with `text` on a line at indentation `col` and may go on
    /// over lines indented more: a plain or quoted scalar, which YAML folds into one line
    /// (as PyYAML writes long text), or a one-line value.
    fn scalar(&mut self, col: usize, text: &'a str) -> Option<Value> {
        let text = text.trim_start_matches(' ');
        let quote = text
            .as_bytes()
            .first()
            .copied()
            .filter(|q| matches!(q, b'"' | b'\''));
        let closed = match quote {
            Some(q) => closing_quote(text, q).is_some(),
            None => !self.deeper_next(col),
        };
        if closed {
            let value = line_value(text)?;
            return (!self.deeper_next(col)).then_some(value);
        }
        if quote.is_none() && text.contains(" #") {
            return None;
        }
        let mut joined = String::from(text);
        loop {
            let Some(&line) = self.lines.get(self.at) else {
                // The end: a plain scalar ends with it, a quoted one is left open.
                match quote {
                    Some(_) => return None,
                    None => break,
                }
            };
            let next = line.trim_start_matches(' ');
            let indent = line.len() - next.len();
            if indent <= col || next.is_empty() {
                // A blank line would fold into a line break: left to serde_yaml, as is a
                // quoted scalar left open.
                if quote.is_some() || next.is_empty() {
                    return None;
                }
                break;
            }
            if next.starts_with(['\t', '#']) {
                return None;
            }
            self.at += 1;
            fold_into(&mut joined, next, quote)?;
            if quote.is_some_and(|q| closing_quote(&joined, q).is_some()) {
                break;
            }
        }
        let value = line_value(&joined)?;
        (!self.deeper_next(col)).then_some(value)
    }

    /// The `- item` lines at indentation `col`.
    fn list(&mut self, col: usize, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut items = Vec::new();
        loop {
            let text = match self.peek() {
                Some((indent, text)) if indent == col && is_item(text) => text,
                Some((indent, _)) if indent > col => return None,
                _ => break,
            };
            self.at += 1;
            let item = text[2..].trim_start_matches(' ');
            if blank_or_comment(item) || is_item(item) {
                // An item on the lines below, or a list in a list: left to serde_yaml.
                return None;
            }
            let value = match key_and_rest(item) {
                // `- name: …`: a mapping whose keys line up with this first one.
                Some(_) => self.mapping(col + text.len() - item.len(), Some(item), depth + 1)?,
                None => self.scalar(col, item)?,
            };
            items.push(value);
        }
        Some(match items.is_empty() {
            true => Value::Null,
            false => Value::Sequence(items),
        })
    }
}

/// Appends a scalar's continuation line `next` to the text folded so far, as YAML folds
/// a line break: a break escaped by a `\` ending a double-quoted line joins the lines as
/// they are; any other becomes one space, the spaces before it dropped. `None` for what
/// this reader leaves to serde_yaml.
fn fold_into(joined: &mut String, next: &str, quote: Option<u8>) -> Option<()> {
    let double = quote == Some(b'"');
    if double && odd_backslashes(joined) {
        joined.pop();
    } else {
        if quote.is_none() && (next.contains(": ") || next.contains(" #") || next.ends_with(':')) {
            return None;
        }
        joined.truncate(joined.trim_end_matches(' ').len());
        // `\ ` at the end of a line: an escaped space the trimming cut.
        if double && odd_backslashes(joined) {
            return None;
        }
        joined.push(' ');
    }
    joined.push_str(match quote {
        Some(_) => next,
        None => next.trim_end_matches(' '),
    });
    Some(())
}

/// Whether `s` ends in an odd number of backslashes: its last one escapes what follows.
fn odd_backslashes(s: &str) -> bool {
    s.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Where the quote `q` that opens `s` is closed on this line, if it is: a `"` not escaped
/// by a backslash, or a `'` not doubled.
fn closing_quote(s: &str, q: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            x if x == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Whether a line's text (after its indentation) is a list item, `- …`.
fn is_item(text: &str) -> bool {
    text.starts_with("- ")
}

/// Whether every character of `text` is one libyaml takes as it is: not a control
/// character (but tab and line ends), not U+FEFF, U+FFFE or U+FFFF, and not one it
/// reads as a line break (NEL, U+2028, U+2029). Read from the bytes: each of those is
/// below 0x20, 0x7F, or starts with C2 80–9F, E2 80 A8–A9, EF BB BF or EF BF BE–BF.
fn yaml_printable(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().all(|(i, &x)| match x {
        b'\t' | b'\n' | b'\r' | 0x20..=0x7e => true,
        0xc2 => !matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => !(b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9))),
        0xef => !matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
        ),
        _ => x >= 0x80,
    })
}

fn blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// `key` and what follows `key:` on a top-level line.
fn key_and_rest(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = split_key(line)?;
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest))
}

/// A key of ASCII letters, digits, `_` and `-` that YAML reads as text (not `true`, not
/// a number), and what follows it.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (key, rest) = s.split_at(end);
    // A key starting with a letter or `_` is text unless it is one of YAML's words.
    let text = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && matches!(plain(key)?, Value::String(_));
    text.then_some((key, rest))
}

/// The value that fills the rest of a line, with an optional ` # comment` after it.
fn line_value(s: &str) -> Option<Value> {
    let s = s.trim_start_matches(' ');
    let (value, rest) = match s.as_bytes().first()? {
        b'"' => double_quoted(s)?,
        b'\'' => single_quoted(s)?,
        b'[' => flow_list(s)?,
        b'{' => flow_mapping(s)?,
        _ => {
            let text = match s.find(" #") {
                Some(i) => &s[..i],
                None => s,
            };
            let text = text.trim_end_matches(' ');
            if text.contains(": ") || text.ends_with(':') || text.contains('\t') {
                return None;
            }
            return plain(text);
        }
    };
    let after = rest.trim_start_matches(' ');
    match after.is_empty() || (after.starts_with('#') && after.len() < rest.len()) {
        true => Some(value),
        false => None,
    }
}

/// A plain (unquoted) scalar, typed as serde_yaml types it, or `None` when unsure.
fn plain(text: &str) -> Option<Value> {
    let first = *text.as_bytes().first()?;
    if b"-?:,[]{}#&*!|>'\"%@`".contains(&first) {
        return None;
    }
    match text {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        "null" | "Null" | "NULL" | "~" => return Some(Value::Null),
        _ => {}
    }
    if first.is_ascii_digit() || matches!(first, b'+' | b'.') {
        return number_or_date(text);
    }
    // Words YAML or its older versions give a meaning to, in any case.
    if ["true", "false", "null", "yes", "no", "on", "off", "y", "n"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(text))
    {
        return None;
    }
    Some(Value::String(text.to_string()))
}

/// `2054`, `13.2`, or a date such as `2017-08-28` or `2017-08-28 07:27[:56]`, which
/// YAML leaves as text; `None` for any other text that begins like a number.
fn number_or_date(text: &str) -> Option<Value> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let no_leading_zero = |s: &str| s == "0" || !s.starts_with('0');
    if digits(text) && no_leading_zero(text) && text.len() <= 18 {
        return text
            .parse::<u64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    if let Some((whole, fraction)) = text.split_once('.')
        && digits(whole)
        && digits(fraction)
        && no_leading_zero(whole)
        && text.len() <= 15
    {
        return text
            .parse::<f64>()
            .ok()
            .map(|n| Value::Number(Number::from(n)));
    }
    let b = text.as_bytes();
    let at = |i: usize, f: fn(u8) -> bool| b.get(i).copied().is_some_and(f);
    let digit = |i: usize| at(i, |x| x.is_ascii_digit());
    let is = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = (0..4).all(digit) && is(4, b'-') && digit(5) && digit(6) && is(7, b'-');
    let date = date && digit(8) && digit(9);
    let time =
        |i: usize| digit(i) && digit(i + 1) && is(i + 2, b':') && digit(i + 3) && digit(i + 4);
    // After the time, nothing, `Z`, or an offset such as `+07:00`, from byte `i` on.
    let offset = |i: usize| match b.len() - i {
        0 => true,
        1 => is(i, b'Z'),
        6 => {
            (is(i, b'+') || is(i, b'-'))
                && digit(i + 1)
                && digit(i + 2)
                && is(i + 3, b':')
                && digit(i + 4)
                && digit(i + 5)
        }
        _ => false,
    };
    let clock = date && (is(10, b' ') || is(10, b'T')) && time(11);
    let seconds = clock && is(16, b':') && digit(17) && digit(18);
    let whole = match b.len() {
        10 => date,
        _ if seconds && b.len() >= 19 => offset(19),
        _ if clock && b.len() >= 16 => offset(16),
        _ => false,
    };
    whole.then(|| Value::String(text.to_string()))
}

/// A `"…"` scalar on one line and what follows it.
fn double_quoted(s: &str) -> Option<(Value, &str)> {
    // Nearly always there is no escape: the text up to the closing quote is the value.
    let end = s[1..].find(['"', '\\'])? + 1;
    if s.as_bytes()[end] == b'"' {
        return Some((Value::String(s[1..end].to_string()), &s[end + 1..]));
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((Value::String(out), &s[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                let mut hex = |digits: usize| {
                    let mut code = 0u32;
                    for _ in 0..digits {
                        code = code * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    char::from_u32(code)
                };
                out.push(match e {
                    '"' | '\\' | '/' | ' ' => e,
                    'n' => '\n',
                    't' => '\t',
                    'x' => hex(2)?,
                    'u' => hex(4)?,
                    'U' => hex(8)?,
                    _ => return None,
                });
            }
            _ => out.push(c),
        }
    }
    None
}

/// A `'…'` scalar on one line (`''` is a quote) and what follows it.
fn single_quoted(s: &str) -> Option<(Value, &str)> {
    let mut out = String::new();
    let mut rest = &s[1..];
    loop {
        let end = rest.find('\'')?;
        out.push_str(&rest[..end]);
        rest = &rest[end + 1..];
        match rest.strip_prefix('\'') {
            Some(more) => {
                out.push('\'');
                rest = more;
            }
            None => return Some((Value::String(out), rest)),
        }
    }
}

/// A scalar inside `[…]` or `{…}`, and what follows it.
fn flow_scalar(s: &str) -> Option<(Value, &str)> {
    match s.as_bytes().first()? {
        b'"' => double_quoted(s),
        b'\'' => single_quoted(s),
        _ => {
            let end = s.find([',', ']', '}']).unwrap_or(s.len());
            let text = s[..end].trim_end_matches(' ');
            if text.contains(['[', '{', '#', ':', '\t']) {
                return None;
            }
            Some((plain(text)?, &s[end..]))
        }
    }
}

/// `[a, "b"]` on one line, of scalars only, and what follows it.
fn flow_list(s: &str) -> Option<(Value, &str)> {
    let mut items = Vec::new();
    let after = flow(s, b']', |rest| {
        let (item, after) = flow_scalar(rest)?;
        items.push(item);
        Some(after)
    })?;
    Some((Value::Sequence(items), after))
}

/// `{ name: "…", unit: "…" }` on one line, of scalars only, and what follows it.
fn flow_mapping(s: &str) -> Option<(Value, &str)> {
    let mut map = Mapping::new();
    let after = flow(s, b'}', |rest| {
        let (key, after) = split_key(rest)?;
        let after = after.strip_prefix(": ")?.trim_start_matches(' ');
        let (value, after) = flow_scalar(after)?;
        let new = map.insert(Value::String(key.to_string()), value).is_none();
        new.then_some(after)
    })?;
    Some((Value::Mapping(map), after))
}

/// Reads `[…]` or `{…}` (`s` starts with the opening bracket, `close` is the closing
/// one): each item separated by commas is read by `item`, which returns what follows it.
/// Returns what follows the closing bracket.
fn flow<'a>(
    s: &'a str,
    close: u8,
    mut item: impl FnMut(&'a str) -> Option<&'a str>,
) -> Option<&'a str> {
    let mut rest = s[1..].trim_start_matches(' ');
    if rest.as_bytes().first() == Some(&close) {
        return Some(&rest[1..]);
    }
    loop {
        let after = item(rest)?.trim_start_matches(' ');
        match *after.as_bytes().first()? {
            b',' => rest = after[1..].trim_start_matches(' '),
            c if c == close => return Some(&after[1..]),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse` either declines or agrees with serde_yaml.
    fn agrees(text: &str) -> bool {
        let Some(fast) = parse(text) else {
            return false;
        };
        let slow: Value = serde_yaml::from_str(text)
            .unwrap_or_else(|e| panic!("took what serde_yaml rejects ({e}):\n{text}"));
        assert_eq!(fast, slow, "\n{text}");
        true
    }

    #[test]
    fn reads_front_matter_as_serde_yaml_does() {
        let story = "title: \"Nuôi lợn nhựa: tiết kiệm (2)\"\ndate: 2017-08-28 07:27\n\
            summary: Chi bộ thôn Nà Sang # a comment\nunits:\n  - \"Đảng bộ xã Nghĩa Lợi\"\n\
            \x20 - Hội Phụ nữ xã Sơn A\nmodels:\n- { name: \"2 an\", unit: 'Hội ''Phụ nữ''' }\n\
            figures: [Đỗ Thị Thanh Nga, \"Lò Văn Inh\"]\nstats:\n  - { label: hộ thoát nghèo, value: 2289 }\n\
            \x20 - { label: \"tỉ lệ\", value: 13.2, unit: \"%\" }\nfeatured: true\ndraft: false\n\
            image:\ntags: []\nslug: ~\n\n# end\n";
        assert!(agrees(story));
        for text in [
            "a: 1",
            "a: 0",
            "a: 0.5",
            "a: 2.289",
            "a: 2017-08-28",
            "a: 2017-08-28T07:27:56",
            "a: 2021-05-19T10:00:00+07:00",
            "a: 2021-05-19 10:00Z",
            "a: \"x\\u00e9\\\"\\n\"",
            "a: 'it''s'",
            "a: b#c",
            "a: {}",
            "a: [ ]",
            "a: TRUE\nb: Null",
            "a:\r\n  - x\r\nb: z\r\n",
            "a:\n  b: c",
            "a:\n  - b: c",
            "a:\n- b: c\n  d: 2\n- b: e\nf: g",
            "figures:\n  - name: \"Hoàng Trung Lập\"\n    role: nông dân # giỏi\n\n    unit: 'Thôn Sang Đốm'\n  - name: Lò Văn Inh\nstats:\n  - label: hộ\n    value: 13.2\n",
            "a:\n  b:\n    c: 1\n    d: [x, z]\n  e:\n  - f\n  - g: h\n    i:\n      j: k\nl: m",
            "a:\n  - b: c\n    d:\n    - e\n    - f\n  - g",
            "a:\n  - b:\n  - c: ~",
            "a:\n  -   b: c\n      d: e",
            "a: b\n  continued",
            "a:\n  - x\n    continued",
            "a: \"two\n  lines\"",
            "a: 'two  \n    lines'\nb: c",
            "a: \"two\\\n  \\ lines\"",
            "a: \"\\xE0 \\u1EA1 \\U0001F600\"",
            "a: \"\\x41\"",
        ] {
            assert!(agrees(text), "declined {text:?}");
        }
    }

    /// Front matter as Python's PyYAML writes it (`yaml.dump`): long text folded over
    /// lines, lists of mappings in block style; without `allow_unicode`, every letter
    /// outside ASCII escaped and lines broken with `\`.
    #[test]
    fn reads_what_pyyaml_writes() {
        let unicode = "title: 'Tú Lệ: chi bộ (31)'\ndate: 2010-02-04 03:33\n\
            summary: Môi trường cơ sở an sinh cựu chiến binh vận động nông thôn mới học tập nông\n\
            \x20 thôn mới xây dựng phát triển văn hóa sáng tạo xã hội an ninh hiệu quả an sinh kết\n\
            \x20 quả hiệu quả.\nunits:\n- Trường Tiểu học Phìn Hồ\nfigures:\n- name: Nguyễn Hồng Sách\n\
            \x20 role: nông dân sản xuất giỏi\nstats:\n- label: tỉ lệ\n  value: 13.2\n  unit: '%'\n\
            featured: false\n";
        let escaped = "title: \"T\\xFA L\\u1EC7 Ru\\u1ED9ng b\\u1EADc thang phong c\\xE1ch h\\u1ED9i ngh\\u1ECB \\u0111\\\n\
            \x20 o\\xE0n vi\\xEAn m\\xF4i tr\\u01B0\\u1EDDng: chi b\\u1ED9 (31)\"\n\
            summary: \"M\\xF4i tr\\u01B0\\u1EDDng c\\u01A1 s\\u1EDF an sinh c\\u1EF1u chi\\u1EBFn binh\\\n\
            \x20 \\ v\\u1EADn \\u0111\\u1ED9ng.\"\nfigures:\n- name: \"Nguy\\u1EC5n H\\u1ED3ng S\\xE1ch\"\n\
            \x20 role: \"n\\xF4ng d\\xE2n\"\n";
        for text in [unicode, escaped] {
            assert!(agrees(text), "declined:\n{text}");
        }
        let title = |text: &str| parse(text).and_then(|v| v.get("title").cloned());
        assert_eq!(
            title(escaped),
            title(unicode).map(|_| Value::String(
                "Tú Lệ Ruộng bậc thang phong cách hội nghị đoàn viên môi trường: chi bộ (31)"
                    .into()
            ))
        );
    }

    #[test]
    fn printable_bytes_match_the_characters_libyaml_takes() {
        let takes = |c: char| {
            matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
        };
        for c in ('\0'..='\u{3000}').chain('\u{D7F0}'..='\u{10100}') {
            let text = format!("a{c}ộ");
            assert_eq!(yaml_printable(&text), takes(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn declines_what_it_does_not_know() {
        for text in [
            "a: 0123",
            "a: 1e3",
            "a: -5",
            "a: .5",
            "a: yes",
            "a: 12:30",
            "a: &x b",
            "a: !tag b",
            "a: |\n  text",
            "a: b\n\n  continued",
            "a: \"b\n\n  c\"",
            "a: 'b\n  c",
            "a: \"b\nc\"",
            "a: \"b\\ \n  c\"",
            "a: b # x\n  c",
            "a: b\n  c: d",
            "a: b\n  c # d",
            "a:\n  - b\n  c",
            "a: \"\\x4\"",
            "a: \"\\ud800\"",
            "a:\n  - - b",
            "a:\n  -\n    b",
            "a:\n  - b: c\n   d: e",
            "a:\n  - b: c\n     d: e",
            "a:\n  b: c\n d: e",
            "a:\n  - b: c\n    d",
            "a:\n  b:\n    c: |\n      x",
            "a:\n\tb: c",
            "a:\n  b: c\n\n    more",
            "a: b\n\n  more",
            "a:\n  - x\n - y",
            "a: 1\na: 2",
            "a: { b: 1, b: 2 }",
            "a: [[1]]",
            "a: b: c",
            "\"a\": b",
            "---\na: b",
            "true: a",
            "2054: a",
            "a: \"x\ry\"",
            "a: b\u{2028}c",
            "a: b\u{1}c",
            "a: { 1: b }",
            "a: b\u{85}c",
            "a: b\u{7f}c",
            "a: \"b\u{9f}\"",
            "a: b\u{feff}",
            "a: b\u{fffe}",
            "_1: \"\\",
        ] {
            assert!(parse(text).is_none(), "took {text:?}: {:?}", parse(text));
        }
    }

    #[test]
    fn agrees_with_serde_yaml_on_generated_documents() {
        let keys = ["title", "date", "units", "value", "a-b", "x_1"];
        let scalars = [
            "Nghĩa Lộ",
            "\"Đảng bộ: xã\"",
            "'it''s'",
            "2054",
            "13.2",
            "0",
            "0123",
            "1e3",
            "-5",
            "true",
            "No",
            "~",
            "null",
            "2017-08-28",
            "2017-08-28 07:27",
            "2021-05-19T10:00:00+07:00",
            "2021-05-19 10:00Z",
            "2021-05-19T10:00:00-05:30",
            "2021-05-19T10:00:00+0700",
            "2021-05-19T10:00:00.5Z",
            "12:30",
            "a, b",
            "a #c",
            "a#b",
            "\"\\u1ec7\"",
            "[]",
            "[a, 'b', 3]",
            "{ name: x, role: \"y\" }",
            "{}",
            "\"\"",
            "''",
            "x:",
            "a: b",
            ".inf",
            "+1",
            "0.50",
            "00",
            "1.",
            "é",
            "[a",
            "{a: b}",
            "\"a\" b",
            "=",
            "<<",
            "http://x.vn/a",
            "a - b",
            "- x",
            "\"\\/\"",
            "'a''",
            "x #",
            "@a",
            "Y",
            "off",
            "{ name: a, name: b }",
            "[a, ]",
            "\"a\", 'b'",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut taken = 0;
        let (mut nested_taken, mut folded_taken) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::new();
            let (mut nested, mut folded) = (false, false);
            for _ in 0..1 + next(4) {
                let key = keys[next(keys.len())];
                let pads = ["  ", "  ", "  ", " ", "   ", "    "];
                match next(7) {
                    0 => {
                        text.push_str(&format!("{key}:\n"));
                        let indent = [" ", "  ", ""][next(3)];
                        for _ in 0..next(4) {
                            let item = scalars[next(scalars.len())];
                            text.push_str(&format!("{indent}- {item}\n"));
                        }
                    }
                    // A list of mappings, `- key: …` and then `  key: …` lines, their
                    // indentation now and then off.
                    2 => {
                        nested = true;
                        text.push_str(&format!("{key}:\n"));
                        let indent = [" ", "  ", ""][next(3)];
                        for _ in 0..1 + next(3) {
                            let (k, v) = (keys[next(keys.len())], scalars[next(scalars.len())]);
                            text.push_str(&format!("{indent}- {k}: {v}\n"));
                            for _ in 0..next(3) {
                                let pad = pads[next(pads.len())];
                                let (k, v) = (keys[next(keys.len())], scalars[next(scalars.len())]);
                                text.push_str(&format!("{indent}{pad}{k}: {v}\n"));
                            }
                        }
                    }
                    // Text folded over lines, plain or quoted, as PyYAML writes long
                    // text, its continuation lines now and then not indented enough.
                    4 => {
                        folded = true;
                        let style = next(3);
                        let pool: &[&str] = match style {
                            0 => &[
                                "Môi",
                                "trường",
                                "cơ:",
                                "a#b",
                                "x #y",
                                "- z",
                                "12",
                                "[a]",
                                "{b}",
                                "'q'",
                                "Lộ:",
                                "ok",
                                "%",
                                "b:c",
                            ],
                            1 => &["Môi", "it''s", "a\"b", "#c", ": d", "Lộ", "\\x", "ok"],
                            _ => &[
                                "Môi", "\\x41", "\\u1EA1", "\\ ", "\\\\", "\\\"", "a'b", "#c",
                                ": d", "Lộ", "\\n", "\\t",
                            ],
                        };
                        let quote = ["", "'", "\""][style];
                        let mut value = String::from(quote);
                        for k in 0..2 + next(8) {
                            if k > 0 {
                                match next(4) {
                                    0 => {
                                        if style == 2 && next(3) == 0 {
                                            value.push('\\');
                                        }
                                        value.push('\n');
                                        value.push_str(["  ", "  ", " ", "    ", ""][next(5)]);
                                    }
                                    _ => value.push(' '),
                                }
                            }
                            value.push_str(pool[next(pool.len())]);
                        }
                        value.push_str(quote);
                        text.push_str(&format!("{key}: {value}\n"));
                    }
                    // A mapping nested under the key, sometimes with a list in it.
                    3 => {
                        nested = true;
                        text.push_str(&format!("{key}:\n"));
                        let pad = pads[next(pads.len())];
                        for _ in 0..1 + next(3) {
                            let k = keys[next(keys.len())];
                            if next(3) == 0 {
                                text.push_str(&format!("{pad}{k}:\n"));
                                let inner = [pad, ""][next(2)];
                                for _ in 0..next(3) {
                                    let v = scalars[next(scalars.len())];
                                    text.push_str(&format!("{pad}{inner}- {v}\n"));
                                }
                            } else {
                                let v = scalars[next(scalars.len())];
                                let pad = [pad, pad, pad, pads[next(pads.len())]][next(4)];
                                text.push_str(&format!("{pad}{k}: {v}\n"));
                            }
                        }
                    }
                    1 => text.push_str(&format!(
                        "{key}: [{}, {}]\n",
                        scalars[next(9)],
                        scalars[next(9)]
                    )),
                    _ => text.push_str(&format!("{key}: {}\n", scalars[next(scalars.len())])),
                }
                if next(8) == 0 {
                    text.push_str("# note\n\n");
                }
            }
            // Documents serde_yaml rejects (duplicate keys, bad syntax) must be declined.
            match serde_yaml::from_str::<Value>(&text) {
                Ok(_) => {
                    let took = agrees(&text);
                    taken += usize::from(took);
                    nested_taken += usize::from(took && nested);
                    folded_taken += usize::from(took && folded);
                }
                Err(_) => assert!(
                    parse(&text).is_none(),
                    "took what serde_yaml rejects:\n{text}"
                ),
            }
        }
        assert!(
            taken > 2_500 && nested_taken > 400 && folded_taken > 300,
            "the subset reader took only {taken} documents, {nested_taken} with nested blocks, \
             {folded_taken} with text over several lines"
        );
    }
}
