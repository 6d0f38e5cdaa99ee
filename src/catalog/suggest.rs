//! "Did you mean …?" for misspelled ids, and looking ids up by name.

use crate::model::pack::Pack;
use crate::model::pattern::PatternId;
use crate::model::traits::TraitId;

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    // 0.8 keeps "global_user" -> "global_users" and drops unrelated words.
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// ` (did you mean 'x'?)`, or nothing when no candidate is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(c) => format!(" (did you mean '{c}'?)"),
        None => String::new(),
    }
}

impl Pack {
    /// The id of a trait, or a message with the closest valid id.
    pub fn lookup_trait(&self, name: &str) -> Result<TraitId, String> {
        self.trait_index.get(name).copied().ok_or_else(|| {
            format!(
                "unknown trait '{name}'{}",
                did_you_mean(name, self.traits.iter().map(|t| t.id.as_str()))
            )
        })
    }
    /// The id of a pattern, or a message with the closest valid id.
    pub fn lookup_pattern(&self, name: &str) -> Result<PatternId, String> {
        self.pattern_index.get(name).copied().ok_or_else(|| {
            format!(
                "unknown pattern '{name}'{}",
                did_you_mean(name, self.patterns.iter().map(|p| p.id.as_str()))
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["global_users", "traffic_volume", "data_size"];
        assert_eq!(closest("global_user", ids), Some("global_users"));
        assert_eq!(closest("trafic_volume", ids), Some("traffic_volume"));
        assert_eq!(closest("zebra", ids), None);
        assert_eq!(did_you_mean("zebra", ids), "");
    }
}
