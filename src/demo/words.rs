//! The words of the demo: fictional names, titles, providers and places. Every person is made
//! up; emails use the reserved example.org / example.edu domains and phones the 555-01xx range.

/// Names shown first, so a projected demo shows accents, CJK and emoji at once.
pub const SHOWCASE_NAMES: &[&str] = &[
    "Zoë Ramírez",
    "山田 花子",
    "Ana 🌱 Costa",
    "José Núñez",
    "Nguyễn Thị Lan",
    "Siobhán O'Connor",
    "김 지우",
    "Łucja Wiśniewska",
    "Chloé Dubois",
    "Mateo Álvarez",
    "Ngozi Okafor",
    "王 芳",
];

pub const FIRST_NAMES: &[&str] = &[
    "Amara", "Andrés", "Aroha", "Beatriz", "Björn", "Camila", "Chidi", "Dalia", "Darnell",
    "Élodie", "Emeka", "Farah", "Gabriel", "Hana", "Ibrahim", "Inés", "Jamal", "Jonah", "Kai",
    "Keisha", "Leilani", "Liam", "Lucía", "Malik", "Maya", "Mei", "Miguel", "Nadia", "Naveen",
    "Noor", "Olivia", "Omar", "Priya", "Rafael", "Renée", "Rosa", "Samir", "Sofía", "Tariq",
    "Thandiwe", "Tomás", "Valeria", "Wen", "Xavier", "Yara", "Yusuf", "Zainab", "Zoltán",
];

pub const LAST_NAMES: &[&str] = &[
    "Abernathy",
    "Adeyemi",
    "Bautista",
    "Bergström",
    "Castillo",
    "Chen",
    "Delgado",
    "Díaz",
    "Eriksen",
    "Fernández",
    "Gallagher",
    "García",
    "Haddad",
    "Hernández",
    "Ishikawa",
    "Jiménez",
    "Kowalski",
    "Larsen",
    "López",
    "Mbeki",
    "Müller",
    "Nakamura",
    "Novak",
    "Ochoa",
    "Patel",
    "Petrović",
    "Quintero",
    "Rahman",
    "Rodríguez",
    "Santos",
    "Schäfer",
    "Singh",
    "Søndergaard",
    "Tanaka",
    "Torres",
    "Uchenna",
    "Vargas",
    "Washington",
    "Yilmaz",
    "Zhang",
];

/// A few names in their own scripts, mixed in among the rest.
pub const WORLD_NAMES: &[&str] = &[
    "佐藤 健",
    "李 娜",
    "박 서연",
    "Đặng Minh",
    "Ọlá Adébáyọ̀",
    "Αλεξάνδρα Παππά",
    "Dmitri Volkov 🚀",
    "Fatima 🌻 Haddad",
    "Ines 🔬 Moreau",
    "陳 大文",
];

pub const SUBJECTS: &[&str] = &[
    "Mathematics",
    "Biology",
    "Chemistry",
    "Physics",
    "Earth Science",
    "Computer Science",
    "Engineering",
    "Environmental Science",
    "General Science",
];

/// Certificate areas by subject, as New York writes them.
pub fn ny_area(subject: &str) -> &'static str {
    match subject {
        "Mathematics" => "Mathematics 7-12",
        "Biology" => "Biology 7-12",
        "Chemistry" => "Chemistry 7-12",
        "Physics" => "Physics 7-12",
        "Earth Science" => "Earth Science 7-12",
        "Computer Science" => "Computer Science 7-12",
        "Engineering" => "Technology Education",
        _ => "Childhood Education 1-6",
    }
}

pub const REGIONS: &[(&str, &str)] = &[
    ("Capital District", "NY"),
    ("Hudson Valley", "NY"),
    ("Finger Lakes", "NY"),
    ("Long Island", "NY"),
    ("Western New York", "NY"),
    ("North Country", "NY"),
    ("Southern Tier", "NY"),
    ("Mohawk Valley", "NY"),
    ("Bronx", "NY"),
    ("Brooklyn", "NY"),
    ("Research Triangle", "NC"),
    ("Piedmont", "NC"),
    ("Blue Ridge", "NC"),
    ("Bay Area", "CA"),
    ("Central Valley", "CA"),
    ("Inland Empire", "CA"),
    ("Gulf Coast", "TX"),
    ("Rio Grande Valley", "TX"),
    ("Hill Country", "TX"),
];

pub const ORG_SUBJECTS: &[&str] = &[
    "STEM",
    "Math",
    "Science",
    "Computer Science",
    "Physics",
    "Chemistry",
    "Biology",
    "Earth Science",
    "Engineering",
];

pub const ORG_TYPES: &[(&str, &str)] = &[
    ("Teachers Network", "community"),
    ("Teachers' Circle", "community"),
    ("Educators Collaborative", "community"),
    ("Community of Practice", "community"),
    ("Teacher Leaders Council", "leadership_association"),
    ("Teachers Association", "association"),
    ("Coaches Network", "community"),
    ("Makerspace Alliance", "advocacy"),
];

/// (title, kind, language acquisition) of learning entries; the kind is a key of
/// data/learning.toml.
pub const LEARNING: &[(&str, &str, bool)] = &[
    (
        "Modeling with Data in Middle School Science",
        "workshop",
        false,
    ),
    (
        "Phenomenon-Based Units for NGSS Earth Science",
        "workshop",
        false,
    ),
    ("Number Talks for Secondary Mathematics", "workshop", false),
    ("Productive Struggle in Algebra I", "workshop", false),
    (
        "Intro to Physical Computing with micro:bit",
        "workshop",
        false,
    ),
    (
        "Claim, Evidence, Reasoning in Lab Write-ups",
        "workshop",
        false,
    ),
    ("Desmos Activity Builder for Functions", "webinar", false),
    ("Teaching Climate Science with Local Data", "webinar", false),
    (
        "AP Computer Science Principles Summer Institute",
        "course",
        false,
    ),
    (
        "Graduate Seminar: Teacher Leadership in STEM",
        "course",
        false,
    ),
    ("Statistics and Data Science for Teachers", "course", false),
    (
        "Engineering Design in the Elementary Grades",
        "course",
        false,
    ),
    ("STANYS Annual Conference", "conference", false),
    ("NCTM Regional Conference", "conference", false),
    (
        "NSTA National Conference on Science Education",
        "conference",
        false,
    ),
    ("CSTA Annual Conference", "conference", false),
    (
        "Instructional coaching cycle: questioning",
        "coaching-received",
        false,
    ),
    (
        "Instructional coaching cycle: lab safety routines",
        "coaching-received",
        false,
    ),
    (
        "Mentoring a first-year chemistry teacher",
        "mentoring-given",
        false,
    ),
    ("Mentoring a student teacher", "mentoring-given", false),
    (
        "Physics Teachers' Community of Practice",
        "community-of-practice",
        false,
    ),
    (
        "Math Teachers' Circle monthly session",
        "community-of-practice",
        false,
    ),
    (
        "Lesson study: proportional reasoning",
        "lesson-study",
        false,
    ),
    ("Lesson study: density and buoyancy", "lesson-study", false),
    (
        "Inquiry cycle: student talk in geometry",
        "inquiry-cycle",
        false,
    ),
    (
        "Summer research experience in a materials lab",
        "research-experience",
        false,
    ),
    (
        "Micro-credential study group: Data Literacy",
        "micro-credential",
        false,
    ),
    (
        "National Board Component 4 study group",
        "national-board",
        false,
    ),
    ("Reading: Building Thinking Classrooms", "self-study", false),
    (
        "Facilitating a PD session on formative assessment",
        "pd-facilitated",
        false,
    ),
    ("District STEM night planning", "other", false),
    (
        "Scaffolding Academic Language in Science for Multilingual Learners",
        "workshop",
        true,
    ),
    ("Sheltered Instruction in Mathematics", "course", true),
    ("Translanguaging in the STEM Classroom", "webinar", true),
    (
        "Supporting English Language Learners in Lab Investigations",
        "workshop",
        true,
    ),
    (
        "Vocabulary Routines for Multilingual Learners in Algebra",
        "workshop",
        true,
    ),
];

/// (provider, approved CTLE sponsor, sponsor id)
pub const PROVIDERS: &[(&str, bool, &str)] = &[
    ("Capital Region BOCES", true, "CTLE-0101"),
    ("Questar III BOCES", true, "CTLE-0102"),
    ("Nassau BOCES", true, "CTLE-0103"),
    ("NYSUT Education & Learning Trust", true, "CTLE-0201"),
    (
        "University at Albany School of Education",
        true,
        "CTLE-0301",
    ),
    ("Hudson Valley Regional STEM Hub", true, "CTLE-0302"),
    ("NYC Public Schools Office of STEM", true, "CTLE-0401"),
    ("Math for America", true, "CTLE-0402"),
    ("STANYS", true, "CTLE-0501"),
    ("NSTA", false, ""),
    ("NCTM", false, ""),
    ("CSTA", false, ""),
    ("Code.org", false, ""),
    ("NCCAT", false, ""),
    ("Region 4 Education Service Center", false, ""),
    ("County Office of Education", false, ""),
    ("Own school", false, ""),
];

pub const LOCATIONS: &[&str] = &[
    "Albany, NY",
    "Latham, NY",
    "New York, NY",
    "Poughkeepsie, NY",
    "Rochester, NY",
    "Online",
    "Cullowhee, NC",
    "Houston, TX",
    "Sacramento, CA",
    "Own school",
];

pub const REFLECTIONS: &[&str] = &[
    "Trying the data-talk protocol with period 3 next week.",
    "Students argued from evidence much more than last year.",
    "Need to build in more wait time; recorded two lessons to compare.",
    "Shared the task with my department; two colleagues will co-plan it.",
    "The vocabulary routine helped my newcomers join the lab discussion.",
    "I want to turn this into a micro-credential artifact.",
    "Left with a unit plan and a rubric I can adapt.",
];

pub const ARTIFACTS: &[(&str, &str)] = &[
    (
        "Lesson plan: evidence-based argument on water quality",
        "lesson_plan",
    ),
    ("Lesson plan: modeling population growth", "lesson_plan"),
    ("Handout: claim-evidence-reasoning organizer", "handout"),
    ("Slide deck: launching the design challenge", "slide_deck"),
    ("Student lab reports (names removed)", "student_work"),
    ("Student data notebooks (names removed)", "student_work"),
    ("Video: small-group discourse, 6 minutes", "video"),
    ("Rubric co-designed with students", "other"),
];

/// Components the demo instructor recorded for every credential. The seed does not list the
/// program's rubric components, so these say plainly that they are demo wording.
pub const COMPONENTS: &[&str] = &[
    "Demo wording: the learning goal and how the task builds the skill",
    "Demo wording: evidence from student work that shows the skill",
    "Demo wording: what the teacher would change next time",
];

pub const FEEDBACK_LOW: &[&str] = &[
    "The artifacts show the task but not how students practiced the skill; add student work.",
    "Reflection does not align the handout to the second component.",
    "Strong lesson design; evidence of student thinking is thin.",
];

pub const FEEDBACK_HIGH: &[&str] = &[
    "Clear alignment of every artifact to the components.",
    "Excellent student evidence and a thoughtful reflection.",
    "Well-documented growth across the unit.",
];

pub const CONTACT_ROLES: &[(&str, &str)] = &[
    ("mentor", "Mentor teacher"),
    ("coach", "District math coach"),
    ("peer", "Chemistry teacher"),
    ("peer", "Computer science teacher"),
    ("evaluator", "Micro-credential evaluator"),
    ("instructor", "Methods course instructor"),
    ("school_leader", "Assistant principal"),
    ("other", "Museum education coordinator"),
];

pub const INTERACTION_NOTES: &[&str] = &[
    "Talked through the unit launch and the lab groups.",
    "Observed a lesson on linear functions; strong questioning.",
    "Co-taught the density lab.",
    "Shared feedback on the micro-credential reflection draft.",
    "Quick check-in by email about the conference proposal.",
    "Planned the after-school robotics club together.",
];

pub const NEXT_STEPS: &[&str] = &[
    "Send the revised lesson plan",
    "Schedule a second observation",
    "Share the rubric with the department",
    "Ask for a recommendation letter",
    "Book the makerspace for March",
];

pub const COACHING_FOCUS: &[&str] = &[
    "Students explain their reasoning in lab write-ups",
    "Launching a design challenge without front-loading",
    "Using exit tickets to group students for re-teaching",
    "More student talk during whole-class discussion",
    "Preparing artifacts for a micro-credential submission",
    "Planning a first PD session for colleagues",
    "Building routines for multilingual learners in labs",
];

pub const STRENGTHS: &[&str] = &[
    "Warm, clear launch; students knew the goal.",
    "Excellent use of student work to drive the discussion.",
    "Strong relationships; students took risks.",
    "Tight transitions and well-prepared materials.",
];

pub const COACHING_NEXT: &[&str] = &[
    "Try the sentence frames in period 2 and bring samples.",
    "Video one discussion; we will watch 5 minutes together.",
    "Draft the reflection for component 1.",
    "Collect exit tickets for a week and sort them together.",
    "Observe a colleague's lab launch.",
];

pub const MILESTONES: &[&str] = &[
    "Ask two colleagues for recommendation letters",
    "Finish the Data Literacy submission",
    "Log 20 hours of CTLE-approved learning",
    "Complete the mentor-training workshop",
    "Draft a conference proposal",
    "Meet with the principal about a coaching role",
    "Finish the master's capstone",
    "Lead one department PD session",
    "Observe three experienced teachers",
    "Register for National Board Component 1",
];

/// Learning with the text of a wider world (accents, CJK, emoji), for the people a large file
/// adds beyond the workshop's cohort: (title, kind, language acquisition).
pub const WORLD_LEARNING: &[(&str, &str, bool)] = &[
    (
        "Taller de modelización matemática en secundaria",
        "workshop",
        false,
    ),
    (
        "Atelier « démarche d'investigation » en sciences",
        "workshop",
        false,
    ),
    (
        "Lehrkräftefortbildung: Physik mit Smartphones",
        "course",
        false,
    ),
    ("理科の授業研究会 (lesson study)", "lesson-study", false),
    ("数学的モデリング研修", "workshop", false),
    ("과학 탐구 수업 워크숍", "workshop", false),
    (
        "Robotics night 🤖 with families",
        "community-of-practice",
        false,
    ),
    (
        "Citizen science: bird counts 🐦 with seventh grade",
        "inquiry-cycle",
        false,
    ),
    ("Coding club 💻 facilitator training", "workshop", false),
    (
        "Formação de professores: ciência investigativa",
        "course",
        false,
    ),
    (
        "Seminario: evaluación formativa en química",
        "webinar",
        false,
    ),
    (
        "Estrategias para estudiantes multilingües en ciencias",
        "workshop",
        true,
    ),
    (
        "Vocabulaire scientifique pour élèves allophones",
        "webinar",
        true,
    ),
    (
        "Ōtautahi maker faire 🛠️ volunteer day",
        "community-of-practice",
        false,
    ),
];

/// Words a learning title may end with, so a large log holds many different titles.
pub const TITLE_SUFFIXES: &[&str] = &["session", "part", "cohort", "séance", "第", "week"];

/// Organization names of a wider world for a large file: `{}` is the region.
pub const WORLD_ORGS: &[(&str, &str)] = &[
    ("Asociación de Profesores de Ciencias de {}", "association"),
    ("Réseau des enseignants de sciences — {}", "community"),
    ("{} 理科教育研究会", "association"),
    ("{} 수학 교사 모임", "community"),
    ("STEM Educators 🌱 {}", "community"),
    ("Société des professeurs de physique, {}", "association"),
    ("Lehrkräfte-Netzwerk MINT {}", "community"),
];
