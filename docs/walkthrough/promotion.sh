#!/usr/bin/env bash
# One promotion (提拔任职) driven over HTTP, as a department system and the organization department would,
# against `npm start`, up to the inspection notice, where the calendar takes over. README.md walks
# through it. Usage: CADRE_TOKEN=<org-admin token> COMMITTEE_TOKEN=<committee token> bash docs/walkthrough/promotion.sh [caseId]
set -euo pipefail
API=${CADRE_API_URL:-http://127.0.0.1:3000}
TOKEN=${CADRE_TOKEN:?set CADRE_TOKEN to the org-admin token npm start printed}
CASE=${1:-2026-P$(date +%H%M%S)}
DEPT=district-finance
TODAY=$(TZ=Asia/Shanghai date +%F)

call() { # method path [json]
  local out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$1" "$API$2" -H "authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' ${3:+-d "$3"})
  printf '%s %s → %s  ' "$1" "$2" "$status"
  node -e 'const v=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
    console.log(v.error ? `${v.error.code}: ${v.error.message}` : `state ${v.state} (${v.label.zh} · ${v.label.en}); legal now: ${v.legalEvents.join(", ")}`)' "$out"
  rm -f "$out"
  [ "$status" -lt 300 ]
}
event() { call POST "/v1/cases/$DEPT/$CASE/events" "$1"; }
nominee() { # id name
  printf '{"type":"NOMINATED","channel":"organizational","nominators":[{"id":"party-group-fin","name":"局党组"}],
    "nominee":{"id":"%s","name":"%s","currentPost":{"unit":"区财政局%s科","title":"科长","rank":"正科"}}}' "$1" "$2" "$1"
}
review() { # id
  printf '{"type":"QUALIFICATION_REVIEWED","nomineeId":"%s","facts":{"nomineeId":"%s","asOf":"%s",
    "workStartDate":"2010-07-01","currentRank":"section","currentRankSince":"2020-01-01","targetRank":"deputy_division",
    "lastAnnualAppraisal":"competent","measures":[],"family":{"spouse":"domestic","children":1,"childrenEmigrated":0},
    "currentHolding":"leading_post","grassRootsYears":3,"postsAtLevelBelow":2}}' "$1" "$1" "$TODAY"
}

echo "== 动议 Motion: the organization department opens case $DEPT/$CASE for 区财政局副局长"
call POST /v1/cases '{"track":"promotion","department":"'$DEPT'","caseId":"'$CASE'",
  "post":{"unit":"区财政局","title":"副局长","rank":"副处","leadershipTeam":true,"carriesProbation":true},
  "reportingLines":{"unitId":"district-finance-bureau","function":"finance","directSuperiorId":"L-director","unitLeaderIds":["L-director","L-deputy"]}}'
event "$(printf '{"type":"MOTION_ADOPTED","conditions":"选配区财政局副局长一名，条件见动议方案",
  "deliberation":{"participants":["区委书记","区长","组织部长"],"heldOn":"%s"}}' "$TODAY")"

echo "== 初始提名 Nomination: three nominees, each with channel and nominator (谁提名谁负责)"
event "$(nominee A 甲)"; event "$(nominee B 乙)"; event "$(nominee C 丙)"
event '{"type":"NOMINATION_CLOSED"}'

echo "== 资格审查 Qualification review: the facts in, the rules applied"
event "$(review A)"; event "$(review B)"; event "$(review C)"
event '{"type":"QUALIFICATION_REVIEW_CONCLUDED"}'

echo "== 民主推荐 Democratic recommendation: participation ≥ ⅔, weighted tallies"
event '{"type":"RECOMMENDATION_RECORDED","method":"talks_and_meeting","participation":{"listed":90,"tookPart":60},
  "channels":[{"channel":"mass_recommendation","participants":60,"tallies":{"A":40,"B":30,"C":20}},
              {"channel":"organizational","participants":5,"tallies":{"B":4,"A":1}}]}'

echo "== 确定考察对象 Candidates to inspect: competitive, more than the one post"
event '{"type":"INSPECTION_CANDIDATES_CHOSEN","candidateIds":["A","B"],"decision":"部务会议纪要〔2026〕3号"}'

echo "== 考察预告 Inspection notice (六公开): its period now runs on a durable timer"
event '{"type":"INSPECTION_NOTICE_PUBLISHED","publishedAt":"'"$(date -u +%FT%T.%3NZ)"'","time":"通知发布后三日起",
  "content":"德、能、勤、绩、廉","procedure":"民主测评、个别谈话、综合分析","standard":"《党政领导干部选拔任用工作条例》",
  "numberOfPosts":1,"requirements":"见动议方案"}'
call GET "/v1/cases/$DEPT/$CASE" >/dev/null && echo "Watch it: npm run -s cli -- cases show $DEPT/$CASE"
