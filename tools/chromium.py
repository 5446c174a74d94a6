"""Headless Chromium through selenium, for the docs check and the widget test: the system's browser and driver
(Debian: `apt-get install chromium chromium-driver`), never a download of its own."""
import os, shutil, time
from pathlib import Path

BROWSERS = ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable')

def find_browser():
    "The path of a Chromium or Chrome binary (`$CHROME_BIN` first)."
    for p in [os.environ.get('CHROME_BIN')] + [shutil.which(b) for b in BROWSERS]:
        if p and Path(p).exists(): return p
    raise SystemExit("no Chromium found: install it (Debian: apt-get install chromium chromium-driver) or set CHROME_BIN")

def find_driver():
    "The path of chromedriver (`$CHROMEDRIVER`, then PATH, then GitHub runners' `$CHROMEWEBDRIVER`)."
    cands = [os.environ.get('CHROMEDRIVER'), shutil.which('chromedriver'), '/usr/lib/chromium/chromedriver']
    if os.environ.get('CHROMEWEBDRIVER'): cands.append(str(Path(os.environ['CHROMEWEBDRIVER'])/'chromedriver'))
    for p in cands:
        if p and Path(p).exists(): return p
    raise SystemExit("no chromedriver found: install it (Debian: apt-get install chromium-driver) or set CHROMEDRIVER")

def chrome(width:int=1280, height:int=1600, page_timeout:int=60, wait_load:bool=True):
    "A headless Chromium driven by selenium, with bounded timeouts; `wait_load=False`: `get` returns at once (poll the page)."
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = find_browser()
    if not wait_load: opts.page_load_strategy = 'none'
    for a in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run',
              '--disable-extensions', '--autoplay-policy=no-user-gesture-required', f'--window-size={width},{height}'):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(find_driver()), options=opts)
    d.set_page_load_timeout(page_timeout); d.set_script_timeout(30)
    return d

def wait_for(cond, timeout:float, what:str, every:float=0.25):
    "Poll `cond()` until it returns something truthy, at most `timeout` seconds; raise naming `what` otherwise."
    end, last = time.monotonic() + timeout, None
    while time.monotonic() < end:
        try:
            r = cond()
            if r: return r
        except Exception as e: last = e
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}" + (f" (last error: {last})" if last else ''))
