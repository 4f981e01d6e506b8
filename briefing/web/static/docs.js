// The API docs, from /openapi.json, with Swagger UI served by the service itself (no CDN, no inline script).
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
