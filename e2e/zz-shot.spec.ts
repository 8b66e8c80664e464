import { expect, test } from './helpers/fixtures';
const OUT = process.env.SHOT_DIR ?? '/tmp/wtui-shots';
const TAG = process.env.SHOT_TAG ?? 'before';
for (const width of [800, 1280]) {
  test(`shot ${width}`, async ({ app, page }) => {
    await page.setViewportSize({ width, height: 700 });
    await app.open();
    await page.getByTestId('sample-login-failed').click();
    await app.waitForReady();
    await page.keyboard.press('e');
    await expect(app.detail()).toBeVisible();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${OUT}/${TAG}-${width}.png` });
  });
}
