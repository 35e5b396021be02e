// Reads simulate request lines (IAM SimulateCustomPolicy shape plus SessionPolicyInputList, as taken
// by `sts policy simulate`) on stdin and prints one line per request with @cloud-copilot/iam-simulate's
// decisions: {"Decisions":["allowed"|"explicitDeny"|"implicitDeny", ...]} (actions outer, resources
// inner) or {"Error":"..."}. Used by the Sts tests as an external oracle only (iam-simulate is AGPL).
//
//   node iam-simulate-oracle.mjs < requests.jsonl
//   node iam-simulate-oracle.mjs --bench 2000 < requests.jsonl          # runSimulation (validating), prints {"NanosecondsPerRequest":..}
//   node iam-simulate-oracle.mjs --bench-unsafe 2000 < requests.jsonl   # runUnsafeSimulation (no validation; identity policies only)
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import { createInterface } from 'node:readline'

const decisions = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' }

function accountOf(arn) {
  if (/^\d{12}$/.test(arn)) return arn
  return arn.split(':')[4]
}

function simulations(request) {
  if (!Array.isArray(request.ActionNames)) throw new Error('ActionNames is required')
  const caller = request.CallerArn ?? `arn:aws:iam::${request.ResourceOwner ? accountOf(request.ResourceOwner) : '123456789012'}:user/SimulatedUser`
  const owner = request.ResourceOwner ? accountOf(request.ResourceOwner) : accountOf(caller)
  const contextVariables = {}
  for (const entry of request.ContextEntries ?? []) {
    const list = (entry.ContextKeyType ?? 'string').endsWith('List')
    contextVariables[entry.ContextKeyName] = list ? entry.ContextKeyValues : entry.ContextKeyValues[0]
  }
  const sessions = (request.SessionPolicyInputList ?? []).map((p) => JSON.parse(p))
  if (sessions.length > 1) throw new Error('iam-simulate takes one session policy')
  const out = []
  for (const action of request.ActionNames) {
    for (const resource of request.ResourceArns ?? ['*']) {
      out.push({
        request: { principal: caller, action, resource: { resource, accountId: owner }, contextVariables },
        identityPolicies: (request.PolicyInputList ?? []).map((p, i) => ({ name: `PolicyInputList.${i + 1}`, policy: JSON.parse(p) })),
        permissionBoundaryPolicies: (request.PermissionsBoundaryPolicyInputList ?? []).map((p, i) => ({ name: `PermissionsBoundaryPolicyInputList.${i + 1}`, policy: JSON.parse(p) })),
        ...(sessions.length === 1 && { sessionPolicy: sessions[0] }),
        ...(request.ResourcePolicy && { resourcePolicy: JSON.parse(request.ResourcePolicy) }),
        serviceControlPolicies: [],
        resourceControlPolicies: []
      })
    }
  }
  return out
}

const bench = process.argv[2]?.startsWith('--bench') ? Number(process.argv[3] ?? 1000) : 0
const unsafe = process.argv[2] === '--bench-unsafe'
const lines = []
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() !== '') lines.push(line)
}

if (bench > 0) {
  const sims = lines.flatMap((l) => simulations(JSON.parse(l)))
  const run = unsafe ? async (s) => runUnsafeSimulation(s, {}) : async (s) => (await runSimulation(s, {})).overallResult
  for (const s of sims) await run(s)
  const start = process.hrtime.bigint()
  let count = 0
  let last
  for (let i = 0; i < bench; i++) {
    for (const s of sims) {
      last = await run(s)
      count++
    }
  }
  const elapsed = Number(process.hrtime.bigint() - start)
  console.log(JSON.stringify({ Mode: unsafe ? 'runUnsafeSimulation' : 'runSimulation', Decision: last, Requests: count, NanosecondsPerRequest: elapsed / count }))
} else {
  for (const line of lines) {
    try {
      const results = []
      for (const s of simulations(JSON.parse(line))) {
        const r = await runSimulation(s, {})
        if (r.resultType === 'error') throw new Error(r.errors.message + ' ' + JSON.stringify(r.errors).slice(0, 300))
        results.push(decisions[r.overallResult] ?? 'unknown')
      }
      console.log(JSON.stringify({ Decisions: results }))
    } catch (e) {
      console.log(JSON.stringify({ Error: String(e?.message ?? e) }))
    }
  }
}
