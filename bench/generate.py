"""A realistic, reproducible database of any size, written in bulk.

The rows have the shape the lib's save_* functions write (UTC ISO start times, codes
from lib.models, "" for empty texts), but go in with `insert_all` in one transaction:
validating 5,000 interviews one row at a time would take longer than the benchmark.

A company applied through an agent is linked to one of four agent records, as the company form
saves it since migration m006. Of `interviews` interviews, a few are scheduled in the coming weeks (no reflection
yet) and a few took place in the last days and still await a reflection (none, or a
draft); every other one is done, spread over the past ~3 years, with a completed
reflection: overall and interest ratings, a feeling, free texts, 3-5 asked questions
and self-ratings for most competencies.

With `takes` (300 by default, FURIKAERI_BENCH_TAKES to change) the practice cards' recorded answers are stored too, through
lib.practice.takes.save_take as the page stores them: short generated answers (a speech-like
voice and pauses, 16 kHz mono), 20 a question (the most a user can keep) over the first
questions of the bank's categories, the ones a practice set opens with.
"""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from lib import db as dbmod
from lib.competencies import COMPETENCIES
from lib.config import DEFAULT_TIMEZONE
from lib.models import APPLIED_VIA, FORMATS, REACTIONS, REFLECTION_STEPS, RESULTS, ROUNDS, STATUSES
from lib.practice import takes as takes_mod
from lib.practice.question_bank import load_bank
from lib.practice.recordings import RATE, analyse, encode

# A few interviews abroad, so the per-zone code paths run too.
OTHER_ZONES = ("America/Los_Angeles", "Europe/London", "Asia/Singapore")

_BRANDS = ("さくら", "Aozora", "ひかり", "Kumo", "みらい", "Hoshino", "あさひ", "Nami", "つばさ", "Midori",
           "Acme", "Northwind", "Globex", "Initech", "Umbrella", "Kaede", "Tsubame", "Yamato", "Hibiki", "Rakuda")
_KINDS = ("テクノロジーズ", "ソリューションズ", "Labs", "Systems", "フィナンシャル", "ヘルスケア", "Cloud",
          "ロジスティクス", "Media", "エナジー", "Works", "コンサルティング", "Robotics", "商事", "Data")
_INDUSTRIES = ("SaaS", "金融", "製造", "医療", "物流", "コンサルティング", "EC", "ゲーム", "広告", "エネルギー")
_POSITIONS = ("バックエンドエンジニア", "Product Manager", "データサイエンティスト", "SRE", "エンジニアリングマネージャー",
              "フロントエンドエンジニア", "QA Engineer", "事業企画")
_AGENTS = ("リクルートエージェント 山本さん", "JAC 佐藤さん", "Robert Walters - Emma", "ビズリーチ 中村さん")
_FAMILY = ("田中", "佐藤", "鈴木", "高橋", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "Smith", "Garcia")
_GIVEN = ("健", "美咲", "翔太", "陽菜", "大輔", "結衣", "拓海", "さくら", "John", "Maria")
_ROLES = ("人事", "採用担当", "エンジニアリングマネージャー", "CTO", "テックリード", "VP of Product", "現場メンバー", "")
_LOCATIONS = ("Google Meet", "Zoom", "本社 12F 会議室", "Microsoft Teams", "渋谷オフィス", "")
_QUESTIONS = {
    "self_introduction": ("自己紹介をお願いします。", "Please introduce yourself in two minutes."),
    "motivation": ("当社を志望する理由を教えてください。", "Why do you want to join us?"),
    "reason_for_change": ("転職を考えた理由は何ですか?", "Why are you leaving your current job?"),
    "career_story": ("これまでのキャリアを時系列で説明してください。", "Walk me through your career."),
    "strengths": ("あなたの強みは何ですか?", "What is your greatest strength?"),
    "weaknesses": ("弱みと、その克服のために取り組んでいることは?", "Tell me about a weakness."),
    "achievements": ("最も大きな成果を具体的な数字で教えてください。", "Describe an achievement you are proud of."),
    "culture_fit": ("チームで意見が対立したとき、どう対応しましたか?", "How do you handle disagreement?"),
    "industry_knowledge": ("この業界の今後5年をどう見ていますか?", "Where is this industry heading?"),
    "reverse_questions": ("何か質問はありますか?", "Do you have any questions for us?"),
    "communication": ("技術的な内容を非エンジニアに説明した経験は?", "Explain a complex topic simply."),
    "composure": ("想定外のトラブルにどう対処しましたか?", "Tell me about a time things went wrong."),
    "role_skills": ("大規模なデータベース移行をどう設計しますか?", "How would you design this system?"),
}
_ANSWERS = ("前職での決済基盤の刷新を例に、課題・打ち手・結果の順で話した。",
            "結論から話せたが、数字の裏付けが弱かった。",
            "Talked about the migration project; interviewer asked follow-ups on rollback.",
            "STARで整理して答えた。チームの人数と期間を具体的に伝えた。", "")
_FEELINGS = ("手応えあり。雰囲気もよかった", "緊張して早口になった", "Went well overall, a bit long-winded",
             "逆質問で盛り上がった!", "技術質問で詰まった…", "まずまず。次に向けて準備したい", "")
_WENT_WELL = ("・結論から話せた\n・具体的な数字を出せた", "- Clear story for the career change\n- Good rapport",
              "・逆質問で事業理解を示せた", "")
_TO_IMPROVE = ("・回答が長くなりがち\n・弱みの話をもっと前向きに", "- Prepare a shorter self-introduction",
               "・業界動向の下調べが足りなかった", "")
_UNTOLD = ("・リーダー経験の具体例", "- The open-source work", "")
_TOPICS = ("・新規事業の立ち上げ計画\n・リモートワークの運用", "- Their data platform roadmap", "")
_NEXT = ("・お礼メールを送る\n・次回までにポートフォリオを更新", "- Follow up with the agent by Friday", "")
_ASK_AGENT = ("・選考の進み具合\n・年収レンジの確認", "- Feedback from the first round", "")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _local_slot(rng: random.Random, day: datetime, tz_name: str) -> datetime:
    """A weekday business-hours start on the 5-minute grid, in the given zone, as UTC."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    minutes = rng.randrange(9 * 60, 18 * 60, 5)
    local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=ZoneInfo(tz_name))
    return local.astimezone(UTC)


TAKES = int(os.environ.get("FURIKAERI_BENCH_TAKES", "300"))  # 0: a database without recordings
TAKE_SECONDS = 3.0


def spoken(seconds: float, rng: random.Random) -> bytes:
    """A generated spoken answer as a 16 kHz WAV: a 140 Hz voice with harmonics in stretches of
    0.5-2 s, with pauses of 0.2-2.6 s between them."""
    import numpy as np

    parts, total = [], 0.0
    while total < seconds:
        voice, pause = rng.uniform(0.5, 2.0), rng.uniform(0.2, 2.6)
        t = np.arange(round(voice * RATE)) / RATE
        parts += [0.3 * (np.sin(2 * np.pi * 140 * t) + 0.5 * np.sin(2 * np.pi * 280 * t))
                  * (0.6 + 0.4 * np.abs(np.sin(2 * np.pi * 2 * t))), np.zeros(round(pause * RATE))]
        total += voice + pause
    return encode(np.concatenate(parts)[:round(seconds * RATE)])


def store_takes(conn, count: int, rng: random.Random, now: datetime) -> int:
    """`count` takes, 20 a question, over the first question of each category of the bank (then
    the second ones), the newest a few hours ago; returns how many are kept."""
    keep = takes_mod.KEEP_RANGE[1]
    takes_mod.set_keep(conn, keep)
    bank = load_bank()
    firsts: dict[str, list] = {}
    for question in bank:
        firsts.setdefault(question.category, []).append(question)
    order = [q for rank in range(max(map(len, firsts.values()))) for qs in firsts.values() if rank < len(qs)
             for q in [qs[rank]]]
    measured = [analyse(spoken(TAKE_SECONDS, rng)) for _ in range(min(count, 12))]  # a few distinct recordings
    for n in range(count):
        question = order[n // keep]
        when = now - timedelta(days=(count - n) * 0.2, hours=3)
        takes_mod.save_take(conn, question.id, question.text["ja"], measured[n % len(measured)],
                            60 if question.category == "self_introduction" else None, when)
    return takes_mod.space(conn).takes


def populate(db_path: Path | str, interviews: int, seed: int = 0, now: datetime | None = None,
             takes: int = TAKES) -> dict[str, int]:
    """Create the schema at `db_path` (a fresh file) and fill it; returns row counts."""
    rng = random.Random(seed)
    path = Path(db_path)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    dbmod.migrate(path)

    # Companies: about one per ten interviews, with a few heavy-weight pipelines.
    n_companies = max(3, interviews // 10)
    companies = []
    for cid in range(1, n_companies + 1):
        brand, kind = _BRANDS[(cid - 1) % len(_BRANDS)], _KINDS[((cid - 1) // len(_BRANDS)) % len(_KINDS)]
        name = f"株式会社{brand}{kind}" if rng.random() < 0.6 else f"{brand} {kind}"
        if cid > len(_BRANDS) * len(_KINDS):
            name += f" {cid}"
        via = rng.choice(APPLIED_VIA)
        created = now - timedelta(days=rng.randint(30, 3 * 365 + 60))
        companies.append({
            "id": cid, "name": name, "position": rng.choice(_POSITIONS), "industry": rng.choice(_INDUSTRIES),
            "applied_via": via, "agent_name": "",
            "agent_id": rng.randint(1, len(_AGENTS)) if via == "agent" else None,
            "interest": rng.choice((None, 1, 2, 3, 4, 5)),
            "url": f"https://example.com/{cid}" if rng.random() < 0.5 else "",
            "notes": rng.choice(("", "カジュアル面談から。", "Remote-friendly, Tokyo office.")),
            "archived": int(rng.random() < 0.1), "is_sample": 0,
            "created_at": _iso(created), "updated_at": _iso(created),
        })

    n_future = max(2, interviews // 100)
    n_awaiting = max(2, interviews // 200)
    n_done = max(0, interviews - n_future - n_awaiting)
    # (kind, start) for every interview, then grouped by company so rounds progress in time.
    plans: list[tuple[str, datetime, str]] = []
    for _ in range(n_done):
        tz_name = rng.choice(OTHER_ZONES) if rng.random() < 0.02 else DEFAULT_TIMEZONE
        plans.append(("done", _local_slot(rng, now - timedelta(days=rng.uniform(10, 3 * 365)), tz_name), tz_name))
    for _ in range(n_awaiting):
        plans.append(("awaiting", _local_slot(rng, now - timedelta(days=rng.uniform(1, 9)), DEFAULT_TIMEZONE),
                      DEFAULT_TIMEZONE))
    for _ in range(n_future):
        plans.append(("future", _local_slot(rng, now + timedelta(days=rng.uniform(2, 30)), DEFAULT_TIMEZONE),
                      DEFAULT_TIMEZONE))
    weights = [rng.paretovariate(1.5) for _ in companies]
    by_company: dict[int, list] = {}
    for plan in plans:
        cid = rng.choices(range(1, n_companies + 1), weights)[0]
        by_company.setdefault(cid, []).append(plan)

    rows_iv, rows_people, rows_ref, rows_q, rows_scores = [], [], [], [], []
    iid = rid = qid = 0
    for cid, company_plans in by_company.items():
        company_plans.sort(key=lambda p: p[1])
        for n, (kind, starts, tz_name) in enumerate(company_plans):
            iid += 1
            round_ = ROUNDS[min(n, 4)] if rng.random() < 0.95 else "other"
            last = n == len(company_plans) - 1
            status = "scheduled" if kind == "future" else "done"
            result = "pending" if kind != "done" or (last and rng.random() < 0.3) else (
                "passed" if not last else rng.choice(RESULTS))
            assert status in STATUSES
            created = starts - timedelta(days=rng.randint(3, 20))
            rows_iv.append({
                "id": iid, "company_id": cid, "round": round_, "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=rng.choice((30, 45, 60, 90)))).isoformat()
                if rng.random() < 0.7 else None,
                "timezone": tz_name, "format": rng.choice(FORMATS), "location": rng.choice(_LOCATIONS),
                "status": status, "result": result, "notes": rng.choice(("", "持ち物: ポートフォリオ", "Dress code: casual")),
                "created_at": _iso(min(created, now)), "updated_at": _iso(min(created, now)),
            })
            for position in range(rng.choice((1, 1, 2))):
                rows_people.append({"interview_id": iid, "position": position,
                                    "name": f"{rng.choice(_FAMILY)} {rng.choice(_GIVEN)}", "role": rng.choice(_ROLES)})
            if kind == "future" or (kind == "awaiting" and rng.random() < 0.5):
                continue
            rid += 1
            complete = kind == "done"
            edited = min(starts + timedelta(hours=rng.uniform(1, 48)), now)
            rows_ref.append({
                "id": rid, "interview_id": iid, "status": "complete" if complete else "draft",
                "step": rng.choice(("next_steps",) * 3 + REFLECTION_STEPS) if complete else "overall",
                "overall": rng.randint(1, 5), "feeling": rng.choice(_FEELINGS),
                "interest_after": rng.choice((None, 1, 2, 3, 4, 5)),
                "went_well": rng.choice(_WENT_WELL) if complete else "",
                "to_improve": rng.choice(_TO_IMPROVE) if complete else "",
                "untold_points": rng.choice(_UNTOLD) if complete else "",
                "interesting_topics": rng.choice(_TOPICS) if complete else "",
                "next_steps": rng.choice(_NEXT) if complete else "",
                "ask_agent": rng.choice(_ASK_AGENT) if complete else "",
                "created_at": _iso(edited - timedelta(minutes=30)), "updated_at": _iso(edited),
                "completed_at": _iso(edited) if complete else None,
            })
            if not complete:
                continue
            for position, category in enumerate(rng.sample(COMPETENCIES, rng.randint(3, 5))):
                qid += 1
                ja, en = _QUESTIONS[category]
                rows_q.append({
                    "id": qid, "reflection_id": rid, "position": position, "category": category,
                    "question": ja if rng.random() < 0.7 else en, "answer_summary": rng.choice(_ANSWERS),
                    "rating": rng.choice((None, 1, 2, 3, 4, 5)), "reaction": rng.choice((None, *REACTIONS)),
                    "note": rng.choice(("", "", "深掘りされた", "Follow-up on metrics")),
                })
            for competency in COMPETENCIES:
                if rng.random() < 0.85:
                    rows_scores.append({"reflection_id": rid, "competency": competency,
                                        "rating": rng.randint(1, 5),
                                        "note": rng.choice(("",) * 6 + ("もう少し具体的に", "Good"))})

    with dbmod.opened(path) as conn:
        with conn.atomic():
            # The agents, records the company form picks (as the app has kept them since migration m006).
            conn["agents"].insert_all([{"id": n, "name": name, "agency": name.split()[0], "email": "", "phone": "",
                                        "notes": "", "created_at": _iso(now), "updated_at": _iso(now)}
                                       for n, name in enumerate(_AGENTS, start=1)])
            conn["companies"].insert_all(companies, batch_size=500)
            conn["interviews"].insert_all(rows_iv, batch_size=500)
            conn["interviewers"].insert_all(rows_people, batch_size=500)
            conn["reflections"].insert_all(rows_ref, batch_size=500)
            conn["asked_questions"].insert_all(rows_q, batch_size=500)
            conn["competency_scores"].insert_all(rows_scores, batch_size=500)
        kept = store_takes(conn, takes, rng, now) if takes else 0
        conn.execute("PRAGMA optimize")
    return {"practice_takes": kept, "agents": len(_AGENTS), "companies": len(companies), "interviews": len(rows_iv),
            "interviewers": len(rows_people),
            "reflections": len(rows_ref), "asked_questions": len(rows_q), "competency_scores": len(rows_scores)}
