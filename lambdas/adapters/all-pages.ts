/** Reading every page of a paginated AWS call. */

/**
 * Every item of a paginated call. A fresh request per page (not the SDK paginator, which
 * reuses one input object) keeps each request exactly as sent.
 */
export async function allPages<T>(fetchPage: (token?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.next;
  } while (token);
  return items;
}
