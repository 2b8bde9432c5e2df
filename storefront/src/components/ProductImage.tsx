// A product's picture (imageUrl: a path under /images/ served by the storefront, or an https URL), or a neutral
// placeholder of the same size when it has none or it fails to load.
import { useState } from "react";

export function ProductImage({ url, alt = "", size = "card" }: { url: string | null | undefined; alt?: string; size?: "card" | "large" | "thumb" }) {
  const [failed, setFailed] = useState(false);
  if (!url || failed) {
    return (
      <div className={`product-image product-image-${size} placeholder`}>
        <span>No picture</span>
      </div>
    );
  }
  return <img className={`product-image product-image-${size}`} src={url} alt={alt} loading="lazy" onError={() => setFailed(true)} />;
}
