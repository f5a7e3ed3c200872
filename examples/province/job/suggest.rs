//! "Did you mean `cap`?": the valid name nearest a misspelt one.

/// The edit distance between `a` and `b`, in characters: the fewest insertions,
/// deletions, substitutions and swaps of two adjacent characters that turn one into
/// the other (the optimal string alignment distance). `capp` → `cap` is 1, `datapiont`
/// → `datapoint` 1 (a swap), `roundng` → `rounding` 1, `slope` → `cap` 4.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // three rows of the table: two back (for swaps), one back, this one
    let mut two_back: Vec<usize> = vec![0; b.len() + 1];
    let mut one_back: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (one_back[j] + 1)
                .min(row[j - 1] + 1)
                .min(one_back[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            row[j] = d;
        }
        std::mem::swap(&mut two_back, &mut one_back);
        std::mem::swap(&mut one_back, &mut row);
    }
    one_back[b.len()]
}

/// The name in `valid` nearest `name`, when it is near enough to be a likely
/// misspelling of it: letter case is ignored, and the distance may be up to a third of
/// the valid name's length (at least 1): `capp` → `cap`, `Points` → `points`,
/// `per_evnt` → `per_event`; `colour` → none of `cap`, `good`, `bad`. Of two equally
/// near, the first in `valid`.
pub fn nearest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    valid
        .iter()
        .map(|v| (distance(&lower, &v.to_lowercase()), *v))
        .filter(|&(d, v)| d <= (v.chars().count() / 3).max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, v)| v)
}
