/**
 * Local sign-in: the reader token from `.local/credentials.json`. It is checked with one
 * read (`GET /v1/alarms`) before it is kept, so a wrong token or the writer's token is
 * refused here with the API's own reason.
 */
import { createBearerTransport, saveToken } from '../api/bearer';
import type { ApiTransport } from '../api/transport';
import { append, errorBox, h, replaceChildren } from '../dom';

/** Shows the form in `view`; resolves with a transport once a reader token is accepted. */
export function signIn(view: HTMLElement, apiBase: string): Promise<ApiTransport> {
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'off', required: true });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', 'aria-label': 'Sign in' },
    h('label', { for: 'token' }, 'Reader token', input),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')));
  append(view, h('h1', { tabindex: -1 }, 'Sign in'),
    h('p', {}, 'Paste the reader token of the local stack: ', h('code', {}, 'node -p "require(\'./.local/credentials.json\').reader"')), form, status);
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const api = createBearerTransport(apiBase, input.value.trim());
      check(api).then(() => {
        saveToken(input.value.trim());
        resolve(api);
      }, (error: unknown) => replaceChildren(status, errorBox(error)));
    });
  });
}

async function check(api: ApiTransport): Promise<void> {
  const response = await api.get('/v1/alarms');
  if (response.status === 200) return;
  if (response.status === 401) throw new Error('This token was not accepted.');
  if (response.status === 403) throw new Error('This is not the reader token (the writer token cannot read).');
  throw new Error(`The API answered ${response.status}.`);
}
