//! The owner (a program instructor and coach) and the candidates and in-service teachers, with
//! certificates, degrees and teaching history that fit their career stage and state.

use super::rng::{Rng, ago, stamp_on};
use super::words::{FIRST_NAMES, LAST_NAMES, SHOWCASE_NAMES, SUBJECTS, WORLD_NAMES, ny_area};
use super::{Base, DemoData, Profile, Track};
use crate::domain::person::{
    CareerStage, Certificate, CertificateKind, Degree, DegreeLevel, Load, Person, TeachingYear,
};
use crate::domain::{Id, text};
use chrono::{Datelike, Months, NaiveDate};
use std::collections::HashSet;

/// The autumn year of the school year `today` falls in (2026 for 2026-27).
pub fn school_year(today: NaiveDate) -> i32 {
    if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The name of the `k`-th generated person (0-based, the owner not counted): the showcase names
/// first, then names from the pools, every one different.
pub fn name_of(k: usize) -> String {
    if let Some(n) = SHOWCASE_NAMES.get(k) {
        return n.to_string();
    }
    let k = k - SHOWCASE_NAMES.len();
    if k % 17 == 8 && k / 17 < WORLD_NAMES.len() {
        return WORLD_NAMES[k / 17].to_string();
    }
    let (f, l) = (FIRST_NAMES.len(), LAST_NAMES.len());
    let combos = f * l;
    // 1001 is coprime with every pool size used here, so this walks each combination once.
    let idx = (k.wrapping_mul(1001) + 37) % combos;
    let first = FIRST_NAMES[idx % f];
    let last = LAST_NAMES[idx / f];
    match k / combos {
        0 => format!("{first} {last}"),
        n => {
            let initial = char::from(b'A' + ((n - 1) % 26) as u8);
            format!("{first} {initial}. {last}")
        }
    }
}

/// The part of an email address before the @ made from a name: "zoe.ramirez".
pub(crate) fn email_slug(name: &str) -> String {
    let folded = text::fold(name);
    let words: Vec<String> = folded
        .split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| match c {
                    'ł' => 'l',
                    'ø' => 'o',
                    'đ' => 'd',
                    c => c,
                })
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "teacher".into()
    } else {
        words.join(".")
    }
}

fn sept1(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, 1)
}

fn years_after(d: Option<NaiveDate>, years: u32) -> Option<NaiveDate> {
    d.and_then(|d| d.checked_add_months(Months::new(12 * years)))
}

/// The last day of `month` in `year`.
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

struct Maker<'a> {
    base: &'a Base,
    rng: Rng,
    today: NaiveDate,
    sy: i32,
    data: &'a mut DemoData,
}

impl Maker<'_> {
    fn cert(
        &mut self,
        person: Id,
        kind: CertificateKind,
        area: &str,
        esol: bool,
        issued: Option<NaiveDate>,
        years: Option<u32>,
    ) {
        let issued = issued.map(|d| d.min(self.today));
        let expires = years.and_then(|y| years_after(issued, y));
        let on = issued.unwrap_or(self.today);
        let c = Certificate {
            id: self.rng.id(),
            person,
            kind,
            area: area.to_string(),
            esol_bilingual: esol,
            issued,
            expires,
            stamp: stamp_on(on.min(self.today), 5),
        };
        self.data.certificates.push(c);
    }

    fn degree(&mut self, person: Id, level: DegreeLevel, field: &str, year: i32) {
        let d = Degree {
            id: self.rng.id(),
            person,
            level,
            field: field.to_string(),
            year: Some(year.min(self.today.year() + 5)),
            stamp: stamp_on(self.today, 6),
        };
        self.data.degrees.push(d);
    }

    /// A teaching certificate of the person's state: (initial-like, professional-like).
    fn state_certs(&mut self, p: &Profile, first_sy: i32, professional: bool) {
        let subject = p.subject.as_str();
        let start = sept1(first_sy);
        let (area, initial_years, pro_kind, pro_years) = match p.state.as_str() {
            "NC" => (
                format!("{subject} (9-12)"),
                3,
                CertificateKind::Professional,
                Some(5),
            ),
            "CA" => (
                format!("Single Subject: {subject}"),
                5,
                CertificateKind::Professional,
                Some(5),
            ),
            "TX" => (
                format!("{subject} 7-12"),
                5,
                CertificateKind::Professional,
                Some(5),
            ),
            _ => {
                let permanent = first_sy < 2004;
                (
                    ny_area(subject).to_string(),
                    5,
                    if permanent {
                        CertificateKind::Permanent
                    } else {
                        CertificateKind::Professional
                    },
                    None,
                )
            }
        };
        // A renewable certificate shows its latest renewal; an initial certificate the
        // professional one replaced is left out, so no one carries a long-expired deadline.
        let pro_year = first_sy + initial_years as i32;
        if professional && sept1(pro_year).is_some_and(|d| d <= self.today) {
            let issued = sept1(self.renewed(pro_year, pro_years));
            self.cert(p.id, pro_kind, &area, false, issued, pro_years);
        } else {
            self.cert(
                p.id,
                CertificateKind::Initial,
                &area,
                false,
                start,
                Some(initial_years),
            );
        }
    }

    /// The year of the latest renewal of something first issued in `year` and renewed every
    /// `every` years (the year itself when it does not renew).
    fn renewed(&self, year: i32, every: Option<u32>) -> i32 {
        match every {
            Some(n) if n > 0 && self.sy > year => {
                let n = n as i32;
                let latest = year + n * ((self.sy - year) / n);
                // A renewal on September 1 of this school year may still be ahead.
                if sept1(latest).is_some_and(|d| d > self.today) {
                    latest - n
                } else {
                    latest
                }
            }
            _ => year,
        }
    }

    fn person(&mut self, k: usize, track: Track) -> (Person, Profile) {
        let today = self.today;
        let rng = &mut self.rng;
        let state = match (k, track) {
            (_, Track::Owner) | (0..=3, _) => "NY",
            _ => match rng.below(100) {
                0..=69 => "NY",
                70..=79 => "NC",
                80..=89 => "CA",
                _ => "TX",
            },
        }
        .to_string();
        let subject = match track {
            Track::Owner => "Mathematics",
            _ => *rng.pick(SUBJECTS),
        }
        .to_string();
        let esol = match track {
            Track::Owner | Track::Candidate => false,
            _ => k == 3 || rng.chance(20),
        };
        let name = match track {
            Track::Owner => "Dr. Marisol Ortega".to_string(),
            _ => name_of(k - 1),
        };
        let id = rng.id();
        let mut p = Person::new(&name, "P-0001");
        p.id = id;
        p.name = text::clean(&name);
        p.pseudonym = match track {
            Track::Owner => "P-0001".to_string(),
            _ => {
                let width = self.data.spec.people.to_string().len().max(2);
                format!("C{:02}-{:0width$}", self.sy.rem_euclid(100), k)
            }
        };
        p.is_owner = track == Track::Owner;
        p.onboarded = true;
        p.state = Some(state.clone());
        p.birth_month = Some(rng.range(1, 12) as u8);
        let mut subjects = vec![subject.clone()];
        if rng.chance(30) {
            let other = rng.pick(SUBJECTS).to_string();
            if other != subject {
                subjects.push(other);
            }
        }
        if track == Track::Owner {
            subjects.push("Computer Science".into());
        }
        p.subjects = subjects;
        p.grade_band = Some(
            match subject.as_str() {
                "General Science" => *rng.pick(&["3-5", "6-8", "PreK-2"]),
                _ => *rng.pick(&["6-8", "9-12", "9-12", "K-12"]),
            }
            .to_string(),
        );
        p.career_stage = Some(match track {
            Track::Owner => CareerStage::Coach,
            Track::Candidate => CareerStage::Candidate,
            Track::EarlyCareer => CareerStage::EarlyCareer,
            Track::InService => CareerStage::InService,
            Track::Leader => CareerStage::TeacherLeader,
        });
        p.first_school_year = match track {
            Track::Owner => Some(self.sy - 19),
            Track::Candidate => None,
            Track::EarlyCareer => Some(self.sy - rng.range(0, 2) as i32),
            Track::InService => Some(self.sy - rng.range(3, 18) as i32),
            Track::Leader => Some(self.sy - rng.range(8, 26) as i32),
        };
        p.practicing = match track {
            Track::Candidate => false,
            _ => !rng.chance(8),
        };
        if rng.chance(85) || track == Track::Owner {
            let slug = email_slug(&name);
            p.email = Some(if track == Track::Owner {
                "m.ortega@example.edu".to_string()
            } else {
                format!("{slug}@example.org")
            });
        }
        if matches!(track, Track::InService | Track::Leader)
            && state == "NY"
            && rng.chance(25)
            && let Some(m) = p.birth_month
        {
            p.registration_end = month_end(self.sy + rng.range(1, 5) as i32, u32::from(m));
        }
        p.notes = match track {
            Track::Owner => {
                "Program instructor and coach for the teacher-leadership cohorts.".into()
            }
            Track::Candidate => "Student teaching placement this year.".into(),
            _ if rng.chance(30) => "Prefers email; coaching after 3:15 on Tuesdays.".into(),
            _ => String::new(),
        };
        p.current_role = match track {
            Track::Owner => Some("teacher-educator"),
            Track::Candidate => Some(*rng.pick(&["teacher-candidate", "student-teacher"])),
            Track::EarlyCareer => Some("novice-teacher"),
            Track::InService => Some("classroom-teacher"),
            Track::Leader => {
                Some(*rng.pick(&["mentor-teacher", "department-lead", "instructional-coach"]))
            }
        }
        .and_then(|key| self.base.role(key));
        let created = ago(today, rng.range(20, 700));
        p.stamp = stamp_on(created, k as u32);
        let profile = Profile {
            id,
            track,
            state,
            subject,
            esol,
            index: k,
        };
        (p, profile)
    }

    fn history(&mut self, p: &Person, prof: &Profile) {
        let id = p.id;
        let subject = prof.subject.clone();
        let first = p.first_school_year;
        match prof.track {
            Track::Owner => {
                let fsy = first.unwrap_or(self.sy);
                self.state_certs(prof, fsy, true);
                self.cert(
                    id,
                    CertificateKind::Leadership,
                    "School Building Leader",
                    false,
                    sept1(fsy + 9),
                    None,
                );
                self.degree(id, DegreeLevel::Bachelor, "Mathematics", fsy - 1);
                self.degree(id, DegreeLevel::Master, "Mathematics Education", fsy + 3);
                self.degree(
                    id,
                    DegreeLevel::Doctorate,
                    "Curriculum and Instruction",
                    fsy + 12,
                );
            }
            Track::Candidate => {
                if self.rng.chance(30) {
                    let issued = ago(self.today, self.rng.range(60, 700));
                    self.cert(
                        id,
                        CertificateKind::TeachingAssistant1,
                        "Teaching Assistant Level I",
                        false,
                        Some(issued),
                        Some(3),
                    );
                }
                if self.rng.chance(35) {
                    self.degree(id, DegreeLevel::Bachelor, &subject, self.sy - 1);
                    self.degree(
                        id,
                        DegreeLevel::Master,
                        &format!("Teaching {subject}"),
                        self.sy + 1,
                    );
                } else {
                    self.degree(
                        id,
                        DegreeLevel::Bachelor,
                        &format!("{subject} Education"),
                        self.sy + 1,
                    );
                }
            }
            Track::EarlyCareer | Track::InService | Track::Leader => {
                let fsy = first.unwrap_or(self.sy);
                let pro = prof.track != Track::EarlyCareer;
                self.state_certs(prof, fsy, pro);
                if prof.esol {
                    let (area, kind) = if self.rng.chance(50) {
                        (
                            "English to Speakers of Other Languages (ESOL) PreK-12",
                            CertificateKind::Professional,
                        )
                    } else {
                        (
                            "Bilingual Education Extension (Spanish)",
                            CertificateKind::Other,
                        )
                    };
                    let issued = sept1(fsy + self.rng.range(1, 4) as i32);
                    self.cert(id, kind, area, true, issued, None);
                }
                if prof.track == Track::Leader {
                    if self.rng.chance(30) {
                        self.cert(
                            id,
                            CertificateKind::Leadership,
                            "School Building Leader",
                            false,
                            sept1(fsy + 7),
                            None,
                        );
                    }
                    if self.rng.chance(25) {
                        let year = self.renewed(fsy + 5, Some(5));
                        self.cert(
                            id,
                            CertificateKind::Other,
                            "National Board Certification: Adolescence and Young Adulthood Science",
                            false,
                            sept1(year),
                            Some(5),
                        );
                    }
                }
                self.degree(id, DegreeLevel::Bachelor, &subject, fsy - 1);
                let master = match prof.track {
                    Track::EarlyCareer => self.rng.chance(40),
                    Track::InService => self.rng.chance(75),
                    _ => true,
                };
                if master {
                    let field = *self.rng.pick(&[
                        "Mathematics Education",
                        "Science Education",
                        "Curriculum and Instruction",
                        "Educational Leadership",
                        "Computer Science Education",
                    ]);
                    let year = (fsy + self.rng.range(1, 5) as i32).min(self.sy + 1);
                    self.degree(id, DegreeLevel::Master, field, year);
                }
                if prof.track == Track::Leader && self.rng.chance(8) {
                    self.degree(id, DegreeLevel::Doctorate, "STEM Education", fsy + 10);
                }
                // The first school year is the quick answer; a few years part time or away.
                if prof.track != Track::EarlyCareer && self.rng.chance(30) && fsy + 1 < self.sy {
                    let year = self.rng.range(i64::from(fsy + 1), i64::from(self.sy - 1)) as i32;
                    let load = if self.rng.chance(60) {
                        Load::PartTime
                    } else {
                        Load::Away
                    };
                    let t = TeachingYear {
                        id: self.rng.id(),
                        person: id,
                        school_year: year,
                        load,
                        subject: if load == Load::Away {
                            String::new()
                        } else {
                            subject.clone()
                        },
                        stamp: stamp_on(self.today, 7),
                    };
                    self.data.teaching_years.push(t);
                }
            }
        }
    }
}

/// The track of the `k`-th person (1-based; the owner is 0): the showcase people first, then a
/// mix of mostly candidates and in-service teachers.
fn track_of(k: usize, rng: &mut Rng) -> Track {
    match k {
        0 => Track::Owner,
        1 => Track::InService,
        2 => Track::Candidate,
        3 => Track::EarlyCareer,
        4 => Track::InService,
        5 => Track::Leader,
        6 => Track::Candidate,
        _ => match rng.below(100) {
            0..=39 => Track::Candidate,
            40..=59 => Track::EarlyCareer,
            60..=87 => Track::InService,
            _ => Track::Leader,
        },
    }
}

pub(crate) fn people(base: &Base, data: &mut DemoData) -> Vec<Profile> {
    let spec = data.spec;
    let mut m = Maker {
        base,
        rng: Rng::fork(spec.seed, "people"),
        today: spec.today,
        sy: school_year(spec.today),
        data,
    };
    let mut profiles = Vec::with_capacity(spec.people + 1);
    let mut emails = HashSet::new();
    for k in 0..=spec.people {
        let track = track_of(k, &mut m.rng);
        let (mut p, prof) = m.person(k, track);
        if let Some(e) = p.email.clone()
            && !emails.insert(e.clone())
        {
            // Two people with the same name: the second address gets their number.
            p.email = Some(e.replacen('@', &format!("{k}@"), 1));
        }
        m.history(&p, &prof);
        m.data.people.push(p);
        profiles.push(prof);
    }
    profiles
}
