// Person names for the demo organisation, by region. A subsidiary mostly hires locally, with a mix
// from elsewhere, so a Polish office reads as Polish and a Dublin one as Irish. Diacritics are kept
// in display names and folded away in e-mail addresses.
import type { Random } from './random';

export type Gender = 'female' | 'male';

/** Names as whitespace-separated text (keeps the lists compact); '_' stands for a space in a name. */
function words(text: string): readonly string[] {
  return text
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/_/g, ' '));
}

export interface NameRegion {
  female: readonly string[];
  male: readonly string[];
  last: readonly string[];
  /** Some languages inflect surnames for women (Kowalski → Kowalska). */
  femaleLast?: (last: string) => string;
}

export type RegionCode =
  | 'se'
  | 'no'
  | 'dk'
  | 'fi'
  | 'de'
  | 'fr'
  | 'nl'
  | 'es'
  | 'pt'
  | 'it'
  | 'pl'
  | 'uk'
  | 'ee'
  | 'lv'
  | 'lt'
  | 'gr'
  | 'us'
  | 'ce'
  | 'global';

export const NAME_REGIONS: Record<RegionCode, NameRegion> = {
  se: {
    female: words(`
      Anna Maria Karin Sara Emma Ingrid Astrid Elin
      Frida Maja Ebba Åsa Linnea Hanna Johanna Sofia
    `),
    male: words(`
      Erik Lars Anders Johan Karl Per Nils Mikael
      Oskar Gustav Axel Emil Viktor Henrik Magnus Björn
    `),
    last: words(`
      Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
      Pettersson Lindberg Lindqvist Bergström Lundgren Sjöberg Ekström Wallin Nyström Forsberg
      Sandberg Åberg Hedlund Söderberg
    `),
  },
  no: {
    female: words(`Ingrid Silje Kari Marit Ragnhild Tone Hege Solveig Thea Ida Nora Sigrid Ingvild Mari`),
    male: words(`
      Ole Sindre Eirik Håkon Magnus Kristian Sigurd
      Torbjørn Even Espen Øystein Jørgen Vegard Henrik
    `),
    last: words(`
      Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Berg Haugen Hagen Bakken
      Dahl Solberg Strand Lie Moen Eide Halvorsen Løken Næss Aasen
    `),
  },
  dk: {
    female: words(`Mette Camilla Louise Sofie Line Trine Pernille Freja Signe Ida Maja Anne Julie Astrid`),
    male: words(`
      Mads Rasmus Frederik Søren Kasper Mikkel Christian Jesper Anders Jonas Emil Niels Troels
      Morten
    `),
    last: words(`
      Nielsen Jensen Hansen Pedersen Christensen Sørensen Rasmussen Jørgensen Madsen Kristensen
      Thomsen Poulsen Møller Mortensen Holm Lund Schmidt Vestergaard Frandsen Bach
    `),
  },
  fi: {
    female: words(`
      Aino Laura Johanna Anni Elina Satu Riikka Heidi Noora Veera Sanna Tiina Emilia Hanna Minna
      Kaisa
    `),
    male: words(`
      Mikko Juha Jukka Antti Ville Matti Janne Teemu
      Sami Petri Tuomas Lauri Joonas Eero Aleksi Olli
    `),
    last: words(`
      Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen
      Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Kinnunen Salonen Turunen Lindroos Rantanen
      Aaltonen Karjalainen Ahonen
    `),
  },
  de: {
    female: words(`
      Laura Julia Lena Anna Katharina Sophie Lea Hannah Sabine Miriam Johanna Franziska Carolin
      Theresa Nina Sarah
    `),
    male: words(`
      Lukas Jonas Maximilian Felix Tobias Florian Stefan Andreas Thomas Julian Moritz Sebastian
      Matthias Philipp Jan Christoph
    `),
    last: words(`
      Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Bauer Richter
      Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Huber Gruber
      Steiner Brunner Keller
    `),
  },
  fr: {
    female: words(`
      Claire Camille Chloé Manon Léa Emma Sarah Julie Pauline Céline Élodie Aurélie Margaux Inès
      Charlotte Lucie
    `),
    male: words(`
      Louis Hugo Thomas Nicolas Julien Antoine Maxime Pierre Mathieu Guillaume Benoît Arnaud Théo
      Romain Baptiste Étienne
    `),
    last: words(`
      Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre
      Michel Fontaine Rousseau Vincent Lefèvre Faure Girard Bonnet Dupont Lambert Peeters Janssens
      Maes Dumont
    `),
  },
  nl: {
    female: words(`Sanne Lotte Fleur Eva Anouk Lisa Femke Iris Noa Marloes Esther Maaike Roos Ilse`),
    male: words(`Daan Sem Lucas Bram Thijs Jesse Ruben Sven Niels Joost Pieter Wouter Bas Koen`),
    last: words(`
      de_Jong Jansen de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder
      de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer van_der_Meer Willems
    `),
  },
  es: {
    female: words(`Lucía María Paula Laura Marta Elena Carmen Sofía Ana Cristina Irene Raquel Nuria Alba`),
    male: words(`
      Alejandro Pablo Javier Daniel Carlos Sergio David
      Miguel Álvaro Jorge Adrián Iván Raúl Diego
    `),
    last: words(`
      García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz
      Hernández Díaz Moreno Álvarez Romero Navarro Torres Domínguez Vázquez Castillo
    `),
  },
  pt: {
    female: words(`Inês Beatriz Mariana Catarina Rita Joana Sofia Marta Ana Carolina Leonor Matilde`),
    male: words(`João Tiago Rui Pedro Miguel Gonçalo Diogo André Ricardo Bruno Nuno Francisco`),
    last: words(`
      Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Gonçalves Gomes
      Lopes Marques Almeida Ribeiro Carvalho Teixeira
    `),
  },
  it: {
    female: words(`
      Giulia Chiara Francesca Sara Valentina Alessia
      Martina Elena Federica Silvia Giorgia Beatrice
    `),
    male: words(`
      Marco Luca Alessandro Matteo Andrea Francesco
      Lorenzo Davide Simone Riccardo Giovanni Stefano
    `),
    last: words(`
      Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
      De_Luca Mancini Costa Giordano Rizzo Lombardi Moretti
    `),
  },
  pl: {
    female: words(`
      Anna Katarzyna Magdalena Agnieszka Joanna Aleksandra
      Zuzanna Natalia Monika Karolina Ewa Marta
    `),
    male: words(`Jakub Kacper Piotr Tomasz Paweł Michał Krzysztof Marcin Łukasz Bartosz Mateusz Wojciech`),
    last: words(`
      Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak
      Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowicki Pawlak
    `),
    femaleLast: (last) => last.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka'),
  },
  uk: {
    female: words(`
      Amelia Olivia Emily Sophie Charlotte Grace Aoife
      Niamh Siobhan Hannah Chloe Lucy Eleanor Ciara
    `),
    male: words(`Oliver Jack Harry George James William Thomas Daniel Samuel Liam Conor Seán Callum Ciarán`),
    last: words(`
      Smith Jones Williams Taylor Brown Davies Evans Wilson Roberts Walker Wright Robinson Thompson
      Murphy Kelly O'Brien Byrne Ryan O'Connor Walsh McCarthy Doyle Hughes Campbell
    `),
  },
  ee: {
    female: words(`Mari Kadri Triin Kristiina Liis Maarja Kertu Anu Helen Piret`),
    male: words(`Martin Rasmus Karl Markus Kristjan Andres Tanel Siim Priit Rein`),
    last: words(`Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Lepik Kuusk Oja Luik`),
  },
  lv: {
    female: words(`Anna Laura Ilze Līga Kristīne Inese Agnese Elīna Dace Zane`),
    male: words(`Jānis Andris Mārtiņš Kārlis Edgars Roberts Artūrs Raivis Gints Uldis`),
    last: words(`Bērziņš Kalniņš Ozoliņš Liepiņš Krūmiņš Ozols Vītols Kļaviņš Zariņš Eglītis Balodis Lācis`),
    femaleLast: (last) => last.replace(/š$/, 'a').replace(/is$/, 'e').replace(/s$/, 'a'),
  },
  lt: {
    female: words(`Rūta Eglė Gintarė Indrė Agnė Greta Ieva Lina Jurgita Austėja`),
    male: words(`Jonas Tomas Mantas Lukas Darius Andrius Paulius Vytautas Mindaugas Karolis`),
    last: words(`
      Kazlauskas Jankauskas Petrauskas Stankevičius Žukauskas Butkus Paulauskas Vasiliauskas
      Navickas Ramanauskas Urbonas Balčiūnas
    `),
    femaleLast: (last) => last.replace(/(ius|as|is|us)$/, 'ienė'),
  },
  gr: {
    female: words(`Maria Eleni Katerina Sofia Georgia Anna Dimitra Ioanna Vasiliki Christina`),
    male: words(`Giorgos Dimitris Nikos Kostas Yannis Christos Panagiotis Vasilis Thanasis Stavros`),
    last: words(`
      Papadopoulos Pappas Nikolaidis Georgiou Oikonomou Dimitriou Vlachos Karagiannis Ioannou
      Alexiou Makris Antoniou
    `),
    femaleLast: (last) => last.replace(/os$/, 'ou').replace(/is$/, 'i').replace(/as$/, 'a'),
  },
  us: {
    female: words(`Jennifer Jessica Ashley Emily Megan Rachel Lauren Olivia Madison Taylor Brittany Kayla`),
    male: words(`Michael Christopher Matthew Joshua Ryan Brandon Tyler Justin Andrew Kevin Jason Eric`),
    last: words(`
      Smith Johnson Williams Brown Jones Miller Davis Garcia Rodriguez Martinez Anderson Taylor
      Moore Jackson Lee Nguyen Patel Kim Chen Harris Clark Lewis
    `),
  },
  // Central and eastern Europe: the group's nearshore hires (surnames that do not change for women).
  ce: {
    female: words(`Ioana Andreea Elena Tereza Lucie Eszter Réka Petra Ivana Maja Nikoleta Katarína`),
    male: words(`Andrei Bogdan Mihai Ondřej Jakub Tamás Bence Luka Marko Nikola Petr Dávid`),
    last: words(`
      Popescu Ionescu Dumitrescu Tóth Varga Horváth Kovács Szabó Nagy Horvat Kovačević Petrović
      Marković Babić
    `),
  },
  global: {
    female: words(`Priya Ananya Mei Fatima Elif Aisha Yuki Leila Amara Sana`),
    male: words(`Arjun Rahul Wei Ahmed Omar Yusuf Mehmet Kenji Tariq Vikram`),
    last: words(`Sharma Patel Singh Gupta Zhang Wang Hassan Khan Yılmaz Demir Tanaka Rahman Haddad Okafor`),
  },
};

const REGION_CODES = Object.keys(NAME_REGIONS) as RegionCode[];

export interface PersonName {
  first: string;
  last: string;
  gender: Gender;
}

/** Mostly local names, with one in three from anywhere: a realistic mix for a European group. */
export function personName(random: Random, localRegions: readonly RegionCode[]): PersonName {
  const regionCode = random.chance(0.68) ? random.pick(localRegions) : random.pick(REGION_CODES);
  const region = NAME_REGIONS[regionCode];
  const gender: Gender = random.chance(0.5) ? 'female' : 'male';
  const first = random.pick(gender === 'female' ? region.female : region.male);
  const baseLast = random.pick(region.last);
  const last = gender === 'female' && region.femaleLast ? region.femaleLast(baseLast) : baseLast;
  return { first, last, gender };
}

// Letters that NFD does not split into base letter plus accent.
const FOLD: Record<string, string> = { ø: 'o', æ: 'ae', å: 'a', ß: 'ss', ł: 'l', đ: 'd', ı: 'i', œ: 'oe' };

/** 'Åsa', 'Sjöberg' → 'asa', 'sjoberg'; 'van den Berg' → 'vandenberg'; "O'Brien" → 'obrien'. */
export function emailPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[øæåßłđıœ]/g, (letter) => FOLD[letter] ?? letter)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9-]/g, '');
}
