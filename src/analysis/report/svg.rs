//! The report's two charts as inline SVG. Coordinates are computed with `Decimal` and
//! written with [`fixed`] to one place; text is escaped for XML.

use rust_decimal::Decimal;

use super::TrendPoint;
use crate::analysis::live::PeerScore;
use crate::id::UnitId;
use crate::num::{Rounding, fixed};

const W: i64 = 480;
const H: i64 = 220;
const LEFT: i64 = 48;
const RIGHT: i64 = 16;
const TOP: i64 = 28;
const BOTTOM: i64 = 40;
/// The trend chart's inset of its first and last points.
const INSET: i64 = 24;

/// Escapes `&`, `<`, `>`, `"` and `'` for XML text and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn c(x: Decimal) -> String {
    fixed(x, 1, Rounding::HalfUp)
}

fn two(x: Decimal) -> String {
    fixed(x, 2, Rounding::HalfUp)
}

fn open(title: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" font-family=\"system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>\
<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#ffffff\" stroke=\"#dddddd\"/>\
<text x=\"{LEFT}\" y=\"18\" font-size=\"13\" fill=\"#333333\">{t}</text>",
        t = escape(title)
    )
}

/// y of `v` on a scale from `lo` (bottom) to `hi` (top); `None` on overflow.
fn scale_y(v: Decimal, lo: Decimal, hi: Decimal) -> Option<Decimal> {
    let plot = Decimal::from(H - TOP - BOTTOM);
    let span = hi.checked_sub(lo)?;
    let off = v.checked_sub(lo)?.checked_mul(plot)?.checked_div(span)?;
    Decimal::from(H - BOTTOM).checked_sub(off)
}

/// A line chart of the unit's total over the periods, one labelled point per period (a
/// solid red line), and of its group's mean where known (a dashed grey line).
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::{TrendPoint, trend_svg};
///
/// let at = |label: &str, total, mean| TrendPoint {
///     label: label.into(),
///     total,
///     group_mean: mean,
///     rank: dec!(1),
///     group_size: 3,
/// };
/// let svg = trend_svg(&[at("2025", dec!(80), None), at("2026", dec!(90), None)], "趋势");
/// assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
/// assert!(svg.contains("points=\"72.0,167.3 440.0,40.7\""));
/// assert!(!svg.contains("stroke-dasharray"));
/// // with the group's mean: a second, dashed line on the same scale
/// let svg = trend_svg(
///     &[at("2025", dec!(80), Some(dec!(85))), at("2026", dec!(90), Some(dec!(85)))],
///     "趋势",
/// );
/// assert!(svg.contains("stroke-dasharray=\"5 4\" points=\"72.0,104.0 440.0,104.0\""));
/// ```
pub fn trend_svg(points: &[TrendPoint], title: &str) -> String {
    let mut s = open(title);
    s.push_str(&trend_body(points).unwrap_or_default());
    s.push_str("</svg>");
    s
}

fn trend_body(points: &[TrendPoint]) -> Option<String> {
    let values = || {
        points
            .iter()
            .flat_map(|p| std::iter::once(p.total).chain(p.group_mean))
    };
    let lo = values().min()?;
    let hi = values().max()?;
    // a tenth of the range above and below, so no point sits on the axis
    let (lo, hi) = if lo == hi {
        (lo.checked_sub(Decimal::ONE)?, hi.checked_add(Decimal::ONE)?)
    } else {
        let pad = hi.checked_sub(lo)?.checked_div(Decimal::TEN)?;
        (lo.checked_sub(pad)?, hi.checked_add(pad)?)
    };
    // inset from both sides, so the labels of the first and last points fit
    let left = Decimal::from(LEFT + INSET);
    let width = Decimal::from(W - LEFT - RIGHT - 2 * INSET);
    let n = points.len();
    let mut s = String::new();
    let base = Decimal::from(H - BOTTOM);
    s.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999999\"/>",
        b = c(base),
        r = W - RIGHT
    ));
    let mut coords = Vec::with_capacity(n);
    let mut means = Vec::new();
    for (k, p) in points.iter().enumerate() {
        let x = if n == 1 {
            left.checked_add(width.checked_div(Decimal::TWO)?)?
        } else {
            left.checked_add(
                width
                    .checked_mul(Decimal::from(k))?
                    .checked_div(Decimal::from(n - 1))?,
            )?
        };
        let y = scale_y(p.total, lo, hi)?;
        coords.push((x, y, p));
        if let Some(m) = p.group_mean {
            means.push(format!("{},{}", c(x), c(scale_y(m, lo, hi)?)));
        }
    }
    if !means.is_empty() {
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"#7f8c8d\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\" points=\"{}\"/>",
            means.join(" ")
        ));
    }
    let line: Vec<String> = coords
        .iter()
        .map(|(x, y, _)| format!("{},{}", c(*x), c(*y)))
        .collect();
    s.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" points=\"{}\"/>",
        line.join(" ")
    ));
    for (x, y, p) in &coords {
        s.push_str(&format!(
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"#c0392b\"/>\
<text x=\"{x}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#333333\">{v}</text>\
<text x=\"{x}\" y=\"{ly}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#666666\">{l}</text>",
            x = c(*x),
            y = c(*y),
            ty = c(y.checked_sub(Decimal::from(8))?),
            ly = H - BOTTOM + 16,
            v = two(p.total),
            l = escape(&p.label),
        ));
    }
    Some(s)
}

/// A bar chart of the group's totals by rank, the unit's bar highlighted and labelled
/// with its rank.
///
/// # Examples
///
/// ```
/// use rust_decimal_macros::dec;
/// use scorecard::analysis::{PeerScore, position_svg};
///
/// let peers = [
///     PeerScore { unit: "A".into(), total: dec!(90), rank: dec!(1) },
///     PeerScore { unit: "B".into(), total: dec!(45), rank: dec!(2) },
/// ];
/// let svg = position_svg(&peers, &"B".into(), "位置");
/// assert!(svg.contains("fill=\"#c0392b\"")); // B's bar
/// ```
pub fn position_svg(peers: &[PeerScore], unit: &UnitId, title: &str) -> String {
    let mut s = open(title);
    s.push_str(&position_body(peers, unit).unwrap_or_default());
    s.push_str("</svg>");
    s
}

fn position_body(peers: &[PeerScore], unit: &UnitId) -> Option<String> {
    let top = peers.iter().map(|p| p.total).max()?.max(Decimal::ONE);
    let width = Decimal::from(W - LEFT - RIGHT);
    let n = Decimal::from(peers.len());
    let slot = width.checked_div(n)?;
    let bar = slot.checked_mul(Decimal::new(8, 1))?;
    let mut s = String::new();
    let base = Decimal::from(H - BOTTOM);
    s.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999999\"/>",
        b = c(base),
        r = W - RIGHT
    ));
    for (k, p) in peers.iter().enumerate() {
        let x = Decimal::from(LEFT).checked_add(slot.checked_mul(Decimal::from(k))?)?;
        let y = scale_y(p.total.max(Decimal::ZERO), Decimal::ZERO, top)?;
        let h = base.checked_sub(y)?;
        let mine = p.unit == *unit;
        let fill = if mine { "#c0392b" } else { "#95a5a6" };
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{} {}</title></rect>",
            c(x),
            c(y),
            c(bar),
            c(h),
            escape(p.unit.as_str()),
            two(p.total)
        ));
        if mine {
            let mid = x.checked_add(bar.checked_div(Decimal::TWO)?)?;
            s.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#c0392b\">#{} {}</text>",
                c(mid),
                c(y.checked_sub(Decimal::from(6))?),
                p.rank.normalize(),
                two(p.total)
            ));
        }
    }
    s.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"{}\" font-size=\"11\" fill=\"#666666\">1</text>\
<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\" fill=\"#666666\">{}</text>",
        H - BOTTOM + 16,
        W - RIGHT,
        H - BOTTOM + 16,
        peers.len()
    ));
    Some(s)
}
