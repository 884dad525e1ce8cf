// Any path no other route claims: a 404 in the site's layout (root ErrorBoundary).
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
