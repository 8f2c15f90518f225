#!/bin/bash
# usage: show.sh file.py [path] [others]
PYFILE=$1 PYPATH=${2:-scripts/x.py} OTHERS=$3 ADAPTER=${ADAPTER:-python} npx vitest run .tmp-py/run.test.ts --dir .tmp-py 2>&1 | grep -v "^ *$" | node -e '
let s=require("fs").readFileSync(0,"utf8"); const i=s.indexOf("{\n"); const j=s.lastIndexOf("\n}"); if(i<0){console.log(s);process.exit()} const o=JSON.parse(s.slice(i,j+2));
for (const c of o.callSites) console.log(c.span.line+":"+c.span.column, c.kind, c.client, JSON.stringify(c.endpoint), JSON.stringify(c.credential), c.accountIds??"");
console.log(JSON.stringify({cs:o.credentialSites, d:o.definitions, p:o.problems, role:o.role, rs:o.runsScripts}));'
