// Drag and drop upload: a file dropped on a [data-dropzone] goes into its file input and the form is sent
// (htmx posts it; without htmx the browser does). Delegated, so it works after htmx swaps the part.
document.addEventListener("dragover", (e) => {
  const zone = e.target.closest && e.target.closest("[data-dropzone]");
  if (zone) { e.preventDefault(); zone.classList.add("dropzone--over"); }
});
document.addEventListener("dragleave", (e) => {
  const zone = e.target.closest && e.target.closest("[data-dropzone]");
  if (zone) zone.classList.remove("dropzone--over");
});
document.addEventListener("drop", (e) => {
  const zone = e.target.closest && e.target.closest("[data-dropzone]");
  if (!zone || !e.dataTransfer || !e.dataTransfer.files.length) return;
  e.preventDefault();
  zone.classList.remove("dropzone--over");
  const input = zone.querySelector("input[type=file]");
  input.files = e.dataTransfer.files;
  input.form.requestSubmit();
});
