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
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu']
})
const results = []
let next = 0
async function worker () {
  while (next < pages.length) {
    const { file, url } = pages[next++]
    const page = await browser.newPage()
    try {
      const result = await pa11y(pathToFileURL(file).href, {
        browser,
        page,
        runners: ['htmlcs'],
        standard: 'WCAG2AA',
        timeout: 60000
      })
      results.push({ url, issues: result.issues })
    } catch (error) {
      results.push({ url, issues: [{ type: 'failure', code: 'pa11y', message: String(error), selector: '' }] })
    } finally {
      await page.close()
    }
  }
}
try {
  await Promise.all(Array.from({ length: Number(process.env.PA11Y_PAGES_AT_ONCE || 4) }, worker))
} finally {
  await browser.close()
}
process.stdout.write(JSON.stringify(results))
