extension StatusPage {
    /// The page's Mustache template, embedded so that the binary needs no file beside it; its CSS is in the page
    /// (no external asset, works offline) and lays the tables out for a phone as well as a desktop. `{{…}}` is
    /// HTML-escaped; the one `{{{svg}}}` is the chart the server drew, whose text it escaped itself.
    static let template = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <style>
        :root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0;
          padding: 16px; max-width: 1100px; margin-inline: auto; line-height: 1.4; font-size: 15px; }
        h1 { font-size: 1.35rem; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 1.1rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .meta { color: var(--muted); font-size: 0.85rem; margin: 0; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; white-space: nowrap; background: #f6f8fa; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.reason { min-width: 16em; overflow-wrap: anywhere; }
        .ok { color: var(--ok); font-weight: 600; }
        .bad { color: var(--bad); font-weight: 600; }
        .warn { color: var(--warn); font-weight: 600; }
        .empty { color: var(--muted); font-style: italic; }
        .summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0; padding: 0; list-style: none; }
        .summary li { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; font-size: 0.9rem; }
        .summary b { display: block; font-size: 1.1rem; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart text { font-family: inherit; fill: var(--fg); }
        svg.chart .tick { font-size: 11px; fill: var(--muted); }
        svg.chart .axis { font-size: 12px; }
        svg.chart .grid { stroke: var(--line); stroke-width: 1; }
        svg.chart .axis-line { stroke: var(--fg); stroke-width: 1; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 6px 0 0; padding: 0; list-style: none;
          font-size: 0.85rem; }
        .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 4px; vertical-align: -1px;
          border-radius: 2px; }
        @media (max-width: 600px) {
          body { padding: 10px; font-size: 14px; }
          th, td { padding: 5px 6px; }
          table { font-size: 0.82rem; }
          .hide-narrow { display: none; }
          svg.chart .tick { font-size: 20px; }
          svg.chart .axis { font-size: 20px; }
        }
        </style>
        </head>
        <body>
        <header>
        <h1 id="title">{{title}}</h1>
        <p class="meta">Generated {{generatedAt}} from the ledger. {{scopeText}}</p>
        <ul class="summary" id="summary">
        <li>Companies<b>{{companyCount}}</b></li>
        <li>Batches shown<b>{{batchCount}}</b></li>
        <li>Mismatched batches<b class="{{mismatchClass}}">{{mismatchCount}}</b></li>
        <li>Open quarantine<b class="{{quarantineClass}}">{{quarantineCount}}</b></li>
        </ul>
        </header>

        <section id="companies">
        <h2>Companies</h2>
        {{#hasCompanies}}
        <div class="scroll"><table>
        <thead><tr><th>Company</th><th>Last run</th><th>Outcome</th><th>Next run</th><th class="num">Open quarantine</th></tr></thead>
        <tbody>
        {{#companies}}
        <tr class="company" data-company="{{name}}"><td>{{name}}</td><td>{{lastRun}}</td><td class="{{outcomeClass}}">{{outcome}}</td><td>{{nextRun}}</td><td class="num">{{openQuarantine}}</td></tr>
        {{/companies}}
        </tbody>
        </table></div>
        {{/hasCompanies}}
        {{^hasCompanies}}<p class="empty">No company is configured or in the ledger yet.</p>{{/hasCompanies}}
        </section>

        <section id="chart">
        <h2>Posted per day and account</h2>
        {{#charts}}
        <figure style="margin:0 0 18px">
        {{{svg}}}
        <ul class="legend">{{#legend}}<li><span class="swatch" style="background:{{color}}"></span>{{account}}</li>{{/legend}}</ul>
        <figcaption class="meta">Debits posted, {{currency}}: total {{total}} {{currency}}. Hover a bar for its amount.</figcaption>
        </figure>
        {{/charts}}
        {{^charts}}<p class="empty">Nothing posted in this period.</p>{{/charts}}
        {{#hasAccounts}}
        <div class="scroll"><table id="accounts">
        <thead><tr><th>Company</th><th>Account</th><th>Currency</th><th class="num">Debit</th><th class="num">Credit</th><th class="num hide-narrow">Lines</th></tr></thead>
        <tbody>
        {{#accounts}}
        <tr><td>{{company}}</td><td>{{account}}</td><td>{{currency}}</td><td class="num">{{debit}}</td><td class="num">{{credit}}</td><td class="num hide-narrow">{{lines}}</td></tr>
        {{/accounts}}
        </tbody>
        </table></div>
        {{/hasAccounts}}
        </section>

        <section id="batches">
        <h2>Batches and FIS documents: header against loaded</h2>
        {{#hasBatches}}
        <div class="scroll"><table>
        <thead><tr><th>Company</th><th>Batch</th><th>Date</th><th class="num">Header count</th><th class="num">Loaded count</th><th class="num">Header total</th><th class="num">Loaded total</th><th>Check</th><th>FIS confirmation</th></tr></thead>
        <tbody>
        {{#batches}}
        <tr class="batch" data-batch="{{batchID}}"><td>{{company}}</td><td>{{batchID}}</td><td>{{date}}</td><td class="num">{{headerCount}}</td><td class="num">{{loadedCount}}</td><td class="num">{{headerTotal}}</td><td class="num">{{loadedTotal}}</td><td class="{{checkClass}}">{{check}}</td><td>{{confirmation}}</td></tr>
        {{/batches}}
        </tbody>
        </table></div>
        {{/hasBatches}}
        {{^hasBatches}}<p class="empty">No batch loaded in this scope.</p>{{/hasBatches}}
        </section>

        <section id="quarantine">
        <h2>Quarantined files and held reports</h2>
        {{#hasQuarantine}}
        <div class="scroll"><table>
        <thead><tr><th class="num">Id</th><th>Company</th><th>What</th><th>File</th><th>Code</th><th>Reason</th><th>Since</th></tr></thead>
        <tbody>
        {{#quarantine}}
        <tr class="quarantined" data-file="{{fileName}}"><td class="num">{{id}}</td><td>{{company}}</td><td class="{{kindClass}}">{{kind}}</td><td>{{fileName}}</td><td>{{code}}</td><td class="reason">{{reason}}</td><td>{{since}}</td></tr>
        {{/quarantine}}
        </tbody>
        </table></div>
        <p class="meta">Each open entry waits for a person: <code>concur-extract quarantine show ID</code>, then reload or release.</p>
        {{/hasQuarantine}}
        {{^hasQuarantine}}<p class="empty ok">Nothing in quarantine.</p>{{/hasQuarantine}}
        </section>
        <footer><p class="meta">concur-extract · amounts as loaded from the extract files (four decimals where the currency's own would round).</p></footer>
        </body>
        </html>

        """
}
