//! Dates and numbers written the Vietnamese way: "Thứ Hai, 28/08/2017 07:27", "2.289",
//! "13,2".

use jiff::civil::{DateTime, Weekday};

/// The weekday as Vietnamese portals print it ("Thứ Hai" … "Chủ Nhật").
pub fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Thứ Hai",
        Weekday::Tuesday => "Thứ Ba",
        Weekday::Wednesday => "Thứ Tư",
        Weekday::Thursday => "Thứ Năm",
        Weekday::Friday => "Thứ Sáu",
        Weekday::Saturday => "Thứ Bảy",
        Weekday::Sunday => "Chủ Nhật",
    }
}

/// "Thứ Hai, 28/08/2017".
pub fn format_date(dt: DateTime) -> String {
    format!(
        "{}, {:02}/{:02}/{:04}",
        weekday_name(dt.weekday()),
        dt.day(),
        dt.month(),
        dt.year()
    )
}

/// "Thứ Ba, 07/03/2023 15:45"; the time is left out when the editor gave none (midnight
/// exactly), because "00:00" on a story dated by day alone would be a false precision.
pub fn format_datetime(dt: DateTime, has_time: bool) -> String {
    let date = format_date(dt);
    if has_time {
        format!("{date} {:02}:{:02}", dt.hour(), dt.minute())
    } else {
        date
    }
}

/// A number with `.` between thousands and `,` before decimals: 2289 → "2.289",
/// 13.2 → "13,2", 68132 → "68.132", -1600.5 → "-1.600,5". At most two decimals,
/// trailing zeros dropped.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let int = abs.trunc() as u64;
    let frac = ((abs - abs.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut out = String::with_capacity(digits.len() + 6);
    if negative {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    if frac > 0 {
        let f = format!("{frac:02}");
        out.push(',');
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_read_the_vietnamese_way() {
        let dt = date(2017, 8, 28).at(7, 27, 56, 0);
        assert_eq!(format_date(dt), "Thứ Hai, 28/08/2017");
        assert_eq!(format_datetime(dt, true), "Thứ Hai, 28/08/2017 07:27");
        let dt = date(2023, 3, 7).at(15, 45, 0, 0);
        assert_eq!(format_datetime(dt, true), "Thứ Ba, 07/03/2023 15:45");
        assert_eq!(
            format_datetime(date(2023, 12, 10).at(0, 0, 0, 0), false),
            "Chủ Nhật, 10/12/2023"
        );
    }

    #[test]
    fn numbers_use_dot_thousands_and_comma_decimals() {
        assert_eq!(format_number(2289.0), "2.289");
        assert_eq!(format_number(13.2), "13,2");
        assert_eq!(format_number(68132.0), "68.132");
        assert_eq!(format_number(756811.0), "756.811");
        assert_eq!(format_number(94.0), "94");
        assert_eq!(format_number(95.1), "95,1");
        assert_eq!(format_number(2.15), "2,15");
        assert_eq!(format_number(-1600.5), "-1.600,5");
        assert_eq!(format_number(0.0), "0");
    }
}
