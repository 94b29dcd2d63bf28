// pa11y (HTML CodeSniffer, WCAG2AA, errors only) over the pages the browser
// tests kept (tests/browser/judges.py): node pa11y_judge.mjs LISTING CHROMIUM,
// LISTING a JSON list of {file, url}. One Debian Chromium for all of them, a
// few pages at a time; prints a JSON list of {url, issues}.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import pa11y from 'pa11y'
import puppeteer from 'puppeteer'

const [listing, executablePath] = process.argv.slice(2)
const pages = JSON.parse(readFileSync(listing, 'utf8'))
const browser = await puppeteer.launch({
  executablePath,
  // Debian's headless shell (tests/browser/conftest.py chromium_path) is
  // told so; the whole browser runs its new headless mode.
  headless: executablePath.includes('headless-shell') ? 'shell' : true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu']
})
const results = []
let next = 0
async function worker () {
  // A tab of its own, each page opened in it in turn: a new tab a page took
  // as long again as opening and judging the page.
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 1024 }) // pa11y's own
  while (next < pages.length) {
    const { file, url } = pages[next++]
    try {
      // Opened here, to its load event (its styles applied), rather than by
      // pa11y, which waits for the network to be idle for half a second
      // as well: a page from a file asks for nothing more once loaded.
      const href = pathToFileURL(file).href
      await page.goto(href, { waitUntil: 'load', timeout: 60000 })
      const result = await pa11y(href, {
        browser,
        page,
        ignoreUrl: true,
        runners: ['htmlcs'],
        standard: 'WCAG2AA',
        timeout: 60000
      })
      results.push({ url, issues: result.issues })
    } catch (error) {
      results.push({ url, issues: [{ type: 'failure', code: 'pa11y', message: String(error), selector: '' }] })
    }
  }
}
try {
  await Promise.all(Array.from({ length: Number(process.env.PA11Y_PAGES_AT_ONCE || 4) }, worker))
} finally {
  await browser.close()
}
process.stdout.write(JSON.stringify(results))
