//! "Did you mean …?": the nearest valid key to a misspelt one.

/// The edit distance between `a` and `b` in characters: insertions, deletions,
/// substitutions and swaps of two neighbours each count one (optimal string alignment).
///
/// `capp` → `cap` is 1, `roundng` → `rounding` 1, `pionts` → `points` 1.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // three rows of the table: two back, one back, this one
    let mut back2 = vec![0; b.len() + 1];
    let mut back1: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (back1[j] + 1).min(row[j - 1] + 1).min(back1[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(back2[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut back2, &mut back1);
        std::mem::swap(&mut back1, &mut row);
    }
    back1[b.len()]
}

/// The candidate nearest to `word`, when it is close enough to be the word meant: at
/// most one edit for every three characters of the longer of the two (so `x` suggests
/// nothing, `cap` → `car` does), ignoring case. The first of equally near candidates
/// wins.
pub(crate) fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .iter()
        .filter(|c| **c != word)
        .map(|c| (distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| {
            let longest = lower.chars().count().max(c.chars().count());
            d * 3 <= longest
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::{distance, nearest};

    #[test]
    fn distances() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("cap", ""), 3);
        assert_eq!(distance("capp", "cap"), 1);
        assert_eq!(distance("flor", "floor"), 1);
        assert_eq!(distance("pionts", "points"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("指标", "指数"), 1);
    }

    #[test]
    fn suggestions_only_when_close() {
        let keys = ["measure", "cap", "floor", "rounding", "on_zero_denominator"];
        assert_eq!(nearest("capp", &keys), Some("cap"));
        assert_eq!(nearest("roundng", &keys), Some("rounding"));
        assert_eq!(nearest("flor", &keys), Some("floor"));
        assert_eq!(
            nearest("on_zero_denominatr", &keys),
            Some("on_zero_denominator")
        );
        assert_eq!(nearest("Cap", &keys), Some("cap"));
        assert_eq!(nearest("x", &keys), None);
        assert_eq!(nearest("colour", &keys), None);
    }
}
