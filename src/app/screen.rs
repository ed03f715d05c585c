//! The seven screens.

use crate::keymap::Action;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScreenId {
    Dashboard,
    Lattice,
    Learning,
    Credentials,
    Contacts,
    Networks,
    People,
}

impl ScreenId {
    pub const ALL: &'static [ScreenId] = &[
        ScreenId::Dashboard,
        ScreenId::Lattice,
        ScreenId::Learning,
        ScreenId::Credentials,
        ScreenId::Contacts,
        ScreenId::Networks,
        ScreenId::People,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ScreenId::Dashboard => "Dashboard",
            ScreenId::Lattice => "Lattice",
            ScreenId::Learning => "Learning",
            ScreenId::Credentials => "Credentials",
            ScreenId::Contacts => "Contacts",
            ScreenId::Networks => "Networks",
            ScreenId::People => "People",
        }
    }

    pub fn index(self) -> usize {
        ScreenId::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> ScreenId {
        ScreenId::ALL[(self.index() + 1) % ScreenId::ALL.len()]
    }

    pub fn prev(self) -> ScreenId {
        ScreenId::ALL[(self.index() + ScreenId::ALL.len() - 1) % ScreenId::ALL.len()]
    }

    pub fn from_action(a: Action) -> Option<ScreenId> {
        Some(match a {
            Action::GoDashboard => ScreenId::Dashboard,
            Action::GoLattice => ScreenId::Lattice,
            Action::GoLearning => ScreenId::Learning,
            Action::GoCredentials => ScreenId::Credentials,
            Action::GoContacts => ScreenId::Contacts,
            Action::GoNetworks => ScreenId::Networks,
            Action::GoPeople => ScreenId::People,
            _ => return None,
        })
    }

    /// Does the screen show a list the list keys move in?
    pub fn has_list(self) -> bool {
        self != ScreenId::Dashboard
    }

    /// Keys that belong to one screen (the keymap's table is built from these).
    pub fn screen_keys(self) -> &'static [(Action, &'static [&'static str])] {
        match self {
            ScreenId::Dashboard => &[
                (Action::EditProfile, &["e"]),
                (Action::AddCertificate, &["c"]),
                (Action::AddDegree, &["g"]),
                (Action::Answer, &["A"]),
            ],
            ScreenId::Credentials => &[
                (Action::Plan, &["n"]),
                (Action::Apply, &["a"]),
                (Action::AddArtifact, &["f"]),
                (Action::WriteReflection, &["r"]),
                (Action::Submit, &["s"]),
                (Action::RecordEvaluation, &["v"]),
                (Action::Resubmit, &["R"]),
                (Action::EditComponents, &["c"]),
                (Action::BadgeUrl, &["b"]),
                (Action::Edit, &["e"]),
                (Action::Delete, &["d"]),
                (Action::MoveUp, &["K"]),
                (Action::MoveDown, &["J"]),
                (Action::AttachFile, &["t"]),
                (Action::ImportBadge, &["i"]),
            ],
            ScreenId::Learning => &[
                (Action::Add, &["a"]),
                (Action::Edit, &["e"]),
                (Action::Duplicate, &["y"]),
                (Action::Delete, &["d"]),
                (Action::Filter, &["F"]),
                (Action::Sort, &["o"]),
                (Action::SortReverse, &["O"]),
                (Action::Insight, &["m"]),
                (Action::Import, &["i"]),
            ],
            ScreenId::Lattice => &[
                (Action::ToggleTarget, &["t"]),
                (Action::ShowMap, &["M"]),
                (Action::ShowPlan, &["P"]),
                (Action::Compare, &["c"]),
                (Action::Filter, &["F"]),
                (Action::Answer, &["A"]),
                (Action::Add, &["a"]),
                (Action::Edit, &["e"]),
                (Action::Delete, &["d"]),
                (Action::Complete, &["x"]),
                (Action::MoveUp, &["K"]),
                (Action::MoveDown, &["J"]),
                (Action::LinkEvidence, &["L"]),
            ],
            ScreenId::Networks => &[
                (Action::Join, &["s"]),
                (Action::Filter, &["F"]),
                (Action::Insight, &["m"]),
                (Action::Add, &["a"]),
                (Action::Edit, &["e"]),
                (Action::Delete, &["d"]),
            ],
            ScreenId::Contacts => &[
                (Action::Add, &["a"]),
                (Action::LogInteraction, &["i"]),
                (Action::FollowUpDone, &["x"]),
                (Action::Edit, &["e"]),
                (Action::Delete, &["d"]),
                (Action::Sort, &["o"]),
            ],
            ScreenId::People => &[
                (Action::LogSession, &["s"]),
                (Action::Timeline, &["t"]),
                (Action::FindEveryone, &["f"]),
                (Action::ShowCohort, &["c"]),
                (Action::Add, &["a"]),
                (Action::Edit, &["e"]),
                (Action::Delete, &["d"]),
                (Action::Cohorts, &["m"]),
                (Action::NewCohort, &["C"]),
                (Action::Import, &["i"]),
                (Action::ImportBundle, &["b"]),
                (Action::Sort, &["o"]),
                (Action::SortReverse, &["O"]),
                (Action::DeleteCohort, &["X"]),
            ],
        }
    }
}
