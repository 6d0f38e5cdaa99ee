//! What the system already runs: asked after the questions, one category of
//! patterns at a time, and written as the scenario's `adopted:` list, so the
//! review's gap analysis and `review --strict` work from an interview too.

use super::asker::{Ask, Asker, Stop};
use super::questions::{Interview, labels};
use crate::model::pattern::PatternId;
use crate::style;
use std::rc::Rc;

impl Interview<'_> {
    /// Asks which patterns the system already runs, one category at a time,
    /// after a question that lets a new design skip it all.
    pub(super) fn ask_adopted(&mut self, asker: &mut dyn Asker) -> Result<(), Stop> {
        let pack = self.pack;
        let mut categories: Vec<_> = pack.patterns.iter().map(|c| c.category).collect();
        categories.sort();
        categories.dedup();
        if categories.is_empty() {
            self.adopted_asked = true;
            return Ok(());
        }
        asker.say(&format!(
            "\n{}  {}",
            style::heading("What the system already runs"),
            style::muted("the review's gap analysis starts from it")
        ));
        let options = labels([
            "Yes: tick the patterns it already uses",
            "No, or not yet: it is a new design",
        ]);
        let start = usize::from(self.adopted.is_empty());
        loop {
            self.prompts += 1;
            let ask = Ask {
                message: "Is the system already running, with some of these patterns in place?",
                help: "The review then separates what to keep from what to adopt. Esc goes back.",
            };
            if asker.select(ask, &options, start)? == 1 {
                self.adopted.clear();
                self.adopted_asked = true;
                return Ok(());
            }
            let mut chosen: Vec<PatternId> = self.adopted.clone();
            let mut k = 0;
            while k < categories.len() {
                let in_category: Vec<PatternId> = pack
                    .pattern_ids()
                    .filter(|p| pack.card(*p).category == categories[k])
                    .collect();
                let names: Vec<String> = in_category
                    .iter()
                    .map(|p| pack.card(*p).name.to_string())
                    .collect();
                let ticked: Vec<usize> = (0..in_category.len())
                    .filter(|i| chosen.contains(&in_category[*i]))
                    .collect();
                let message = format!(
                    "Already in place ({} of {}): {}",
                    k + 1,
                    categories.len(),
                    categories[k].title()
                );
                self.prompts += 1;
                let ask = Ask {
                    message: &message,
                    help: "Space ticks, Enter confirms; nothing ticked means none. Esc goes back.",
                };
                match asker.multi_select(ask, &names, &ticked, Rc::new(|_| Ok(()))) {
                    Ok(ticks) => {
                        chosen.retain(|p| !in_category.contains(p));
                        chosen.extend(ticks.iter().map(|i| in_category[*i]));
                        k += 1;
                    }
                    Err(Stop::Back) if k > 0 => k -= 1,
                    Err(Stop::Back) => break,
                    Err(stop) => return Err(stop),
                }
            }
            if k == categories.len() {
                chosen.sort();
                self.adopted = chosen;
                self.adopted_asked = true;
                return Ok(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interview::Interview;
    use crate::interview::asker::script::{Reply, ScriptedAsker};
    use crate::model::pack::Pack;
    use crate::model::traits::Profile;
    use Reply::*;

    fn run(pack: &Pack, profile: Profile, replies: Vec<Reply>) -> (Interview<'_>, ScriptedAsker) {
        let mut asker = ScriptedAsker::new(replies);
        let mut interview = Interview::new(pack, profile, vec![]);
        interview.run(&mut asker).unwrap();
        (interview, asker)
    }

    #[test]
    fn what_runs_already_is_asked_by_category_and_esc_goes_back_a_category() {
        let pack = Pack::builtin().unwrap();
        let mut replies = vec![Enter; 20];
        replies.extend([
            Pick("Yes: tick"),
            Tick(vec!["CDN"]),     // performance
            Back,                  // traffic management: back to performance
            Tick(vec!["Caching"]), // performance again: CDN was ticked, now caching only
            Tick(vec!["Load Balancing"]),
        ]);
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), replies);
        let ids: Vec<&str> = interview
            .adopted
            .iter()
            .map(|p| pack.card(*p).id.as_str())
            .collect();
        assert_eq!(ids, ["caching", "load_balancing"]);
        assert!(interview.adopted_asked);
        assert!(
            asker
                .prompts
                .iter()
                .any(|p| p == "Already in place (1 of 9): Performance")
        );
        assert!(
            asker
                .prompts
                .iter()
                .any(|p| p == "Already in place (9 of 9): Security and tenancy")
        );

        // A new design skips it all.
        let mut replies = vec![Enter; 20];
        replies.push(Pick("No, or not yet"));
        let (interview, asker) = run(&pack, Profile::unknown(pack.traits.len()), replies);
        assert!(interview.adopted.is_empty() && interview.adopted_asked);
        assert!(
            !asker
                .prompts
                .iter()
                .any(|p| p.starts_with("Already in place"))
        );
    }
}
