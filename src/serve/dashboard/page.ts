export const DASHBOARD_HTML = '<!doctype html><title>arblens</title>';
